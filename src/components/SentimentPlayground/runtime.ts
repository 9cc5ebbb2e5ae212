// The sentiment playground's side of the inference worker (../Playground/inferenceClient), imported
// by the component on the reader's first interaction (a separate chunk): the model, TensorFlow.js
// and every prediction live in the worker, shared with the translation playground.
import { inferenceClient } from "@site/src/components/Playground/inferenceClient";
import type {
  LatencyStats,
  SentimentAnalysis,
  WorkerBackend,
} from "@site/src/components/Playground/protocol";
import type { DownloadSize } from "@site/src/lib/models/sentiment/browser";

export type { LatencyStats, SentimentAnalysis };

export interface PlaygroundRuntime {
  backend: WorkerBackend;
  loaded: { size: DownloadSize };
  analyze(text: string): Promise<SentimentAnalysis>;
  time(text: string, runs: number): Promise<LatencyStats>;
}

/** What browser tests read: `window.__footprintPlayground`. */
export interface PlaygroundTestHook {
  backend: string;
  device: string;
  modelBytes: number;
  /** tf.memory().numTensors inside the worker. */
  numTensors(): Promise<number>;
  predict(text: string): Promise<{ probability: number; label: string; tokens: string[] }>;
}

declare global {
  interface Window {
    __footprintPlayground?: PlaygroundTestHook;
  }
}

export async function startRuntime(options: {
  modelUrl: string;
  wasmPath: string;
  backend?: string;
}): Promise<PlaygroundRuntime> {
  const client = inferenceClient();
  const info = await client.load("sentiment", options);
  const rt: PlaygroundRuntime = {
    backend: info.backend,
    loaded: { size: info.size },
    analyze: (text) => client.analyze("sentiment", text),
    time: (text, runs) => client.time("sentiment", text, runs),
  };
  window.__footprintPlayground = {
    backend: info.backend.id,
    device: info.backend.device,
    modelBytes: info.size.model,
    numTensors: () => client.numTensors(),
    predict: async (text) => {
      const a = await rt.analyze(text);
      return { probability: a.probability, label: a.label, tokens: a.tokens };
    },
  };
  return rt;
}
