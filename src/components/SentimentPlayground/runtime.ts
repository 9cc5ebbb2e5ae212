// The playground's TensorFlow.js side, loaded by the component with a dynamic import after mount,
// so tfjs (and its backends) are separate chunks fetched only on pages that show the playground.
// One backend and one model per page session: a second playground on the page shares them.
import * as tf from "@tensorflow/tfjs-core";
import { backendOnce } from "./backendOnce";
import type { BackendInfo } from "@site/src/lib/backend/select";
import {
  analyzeSentiment,
  loadSentimentForBrowser,
  timePredictions,
  type LoadedSentiment,
  type SentimentAnalysis,
  type LatencyStats,
} from "@site/src/lib/models/sentiment/browser";

export type { BackendInfo, LatencyStats, LoadedSentiment, SentimentAnalysis };

export interface PlaygroundRuntime {
  backend: BackendInfo;
  loaded: LoadedSentiment;
  analyze(text: string): Promise<SentimentAnalysis>;
  time(text: string, runs: number): Promise<LatencyStats>;
}

/** What browser tests read: `window.__footprintPlayground`. */
export interface PlaygroundTestHook {
  backend: string;
  device: string;
  modelBytes: number;
  numTensors(): number;
  predict(text: string): Promise<{ probability: number; label: string; tokens: string[] }>;
}

declare global {
  interface Window {
    __footprintPlayground?: PlaygroundTestHook;
  }
}

const runtimes = new Map<string, Promise<PlaygroundRuntime>>();

export function startRuntime(options: {
  modelUrl: string;
  wasmPath: string;
  backend?: string;
}): Promise<PlaygroundRuntime> {
  const key = options.modelUrl;
  let runtime = runtimes.get(key);
  if (!runtime) {
    runtime = (async () => {
      const backend = await backendOnce(options.wasmPath, options.backend);
      const loaded = await loadSentimentForBrowser(options.modelUrl);
      const { model, vocab } = loaded;
      const rt: PlaygroundRuntime = {
        backend,
        loaded,
        analyze: (text) => analyzeSentiment(model, vocab, text),
        time: (text, runs) => timePredictions(model, vocab, text, runs),
      };
      window.__footprintPlayground = {
        backend: backend.id,
        device: backend.device,
        modelBytes: loaded.size.model,
        numTensors: () => tf.memory().numTensors,
        predict: async (text) => {
          const a = await rt.analyze(text);
          return { probability: a.probability, label: a.label, tokens: a.tokens };
        },
      };
      return rt;
    })();
    runtime.catch(() => runtimes.delete(key));
    runtimes.set(key, runtime);
  }
  return runtime;
}
