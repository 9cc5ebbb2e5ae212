// The translation playground's TensorFlow.js side, imported after mount (a separate chunk).
// The backend is shared with the sentiment playground; one model per page session.
import * as tf from "@tensorflow/tfjs-core";
import { backendOnce } from "@site/src/components/SentimentPlayground/backendOnce";
import type { BackendInfo } from "@site/src/lib/backend/select";
import type { LatencyStats } from "@site/src/lib/models/browser";
import {
  analyzeTranslation,
  loadTranslationForBrowser,
  timeTranslations,
  translateOne,
  type LoadedTranslation,
  type TranslationAnalysis,
} from "@site/src/lib/models/translation/browser";

export type { BackendInfo, LatencyStats, LoadedTranslation, TranslationAnalysis };

export interface TranslationRuntime {
  backend: BackendInfo;
  loaded: LoadedTranslation;
  analyze(english: string): Promise<TranslationAnalysis>;
  time(english: string, runs: number): Promise<LatencyStats>;
}

/** What browser tests read: `window.__footprintTranslation`. */
export interface TranslationTestHook {
  backend: string;
  modelBytes: number;
  numTensors(): number;
  translate(english: string): Promise<string>;
}

declare global {
  interface Window {
    __footprintTranslation?: TranslationTestHook;
  }
}

const runtimes = new Map<string, Promise<TranslationRuntime>>();

export function startRuntime(options: {
  modelUrl: string;
  wasmPath: string;
  backend?: string;
}): Promise<TranslationRuntime> {
  const key = options.modelUrl;
  let runtime = runtimes.get(key);
  if (!runtime) {
    runtime = (async () => {
      const backend = await backendOnce(options.wasmPath, options.backend);
      const loaded = await loadTranslationForBrowser(options.modelUrl);
      const { model, vocabs } = loaded;
      window.__footprintTranslation = {
        backend: backend.id,
        modelBytes: loaded.size.model,
        numTensors: () => tf.memory().numTensors,
        translate: (english) => translateOne(model, vocabs, english),
      };
      return {
        backend,
        loaded,
        analyze: (english) => analyzeTranslation(model, vocabs, english),
        time: (english, runs) => timeTranslations(model, vocabs, english, runs),
      };
    })();
    runtime.catch(() => runtimes.delete(key));
    runtimes.set(key, runtime);
  }
  return runtime;
}
