// The translation playground's side of the inference worker (../Playground/inferenceClient),
// imported by the component on the reader's first interaction (a separate chunk): the model,
// TensorFlow.js and every translation live in the worker, shared with the sentiment playground.
import { inferenceClient } from "@site/src/components/Playground/inferenceClient";
import type {
  LatencyStats,
  TranslationAnalysis,
  WorkerBackend,
} from "@site/src/components/Playground/protocol";
import type { DownloadSize } from "@site/src/lib/models/sentiment/browser";

export type { LatencyStats, TranslationAnalysis };

export interface TranslationRuntime {
  backend: WorkerBackend;
  loaded: { size: DownloadSize };
  analyze(english: string): Promise<TranslationAnalysis>;
  time(english: string, runs: number): Promise<LatencyStats>;
}

/** What browser tests read: `window.__footprintTranslation`. */
export interface TranslationTestHook {
  backend: string;
  modelBytes: number;
  /** tf.memory().numTensors inside the worker. */
  numTensors(): Promise<number>;
  translate(english: string): Promise<string>;
}

declare global {
  interface Window {
    __footprintTranslation?: TranslationTestHook;
  }
}

export async function startRuntime(options: {
  modelUrl: string;
  wasmPath: string;
  backend?: string;
}): Promise<TranslationRuntime> {
  const client = inferenceClient();
  const info = await client.load("translation", options);
  window.__footprintTranslation = {
    backend: info.backend.id,
    modelBytes: info.size.model,
    numTensors: () => client.numTensors(),
    translate: (english) => client.translate(english),
  };
  return {
    backend: info.backend,
    loaded: { size: info.size },
    analyze: (english) => client.analyze("translation", english),
    time: (english, runs) => client.time("translation", english, runs),
  };
}
