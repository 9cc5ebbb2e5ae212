// Messages between the sentiment and translation playgrounds (main thread, ./inferenceClient.ts)
// and their shared Web Worker (./inference.worker.ts). Plain structured-cloneable data only.
import type { BackendInfo } from "@site/src/lib/backend/select";
import type { LatencyStats } from "@site/src/lib/models/browser";
import type { DownloadSize, SentimentAnalysis } from "@site/src/lib/models/sentiment/browser";
import type { TranslationAnalysis } from "@site/src/lib/models/translation/browser";

export type { LatencyStats, SentimentAnalysis, TranslationAnalysis };

/** The models the worker can hold. */
export type ModelKind = "sentiment" | "translation";

/** What each model's analysis returns. */
export interface Analyses {
  sentiment: SentimentAnalysis;
  translation: TranslationAnalysis;
}

/** The backend the worker chose (without the logged summary line). */
export type WorkerBackend = Omit<BackendInfo, "summary">;

/** What a playground shows about its model once loaded. */
export interface LoadedInfo {
  backend: WorkerBackend;
  size: DownloadSize;
}

export type ToWorker =
  | {
      type: "load";
      id: number;
      model: ModelKind;
      /** Absolute URL of the model folder (model.json, weights, vocabularies), ending in "/". */
      modelUrl: string;
      /** Absolute URL where the site serves tfjs's .wasm files, ending in "/". */
      wasmPath: string;
      /** Forced backend (`?backend=`); the first load on a page picks the backend for both models. */
      backend?: string;
    }
  | { type: "analyze"; id: number; model: ModelKind; text: string }
  /** Times `runs` plain predictions/translations after one warm-up. */
  | { type: "time"; id: number; model: ModelKind; text: string; runs: number }
  /** The translation alone (greedy), as `npm run translate` prints it. */
  | { type: "translate"; id: number; text: string }
  | { type: "memory"; id: number };

export type FromWorker =
  | { type: "loaded"; id: number; info: LoadedInfo }
  | { type: "analysis"; id: number; analysis: SentimentAnalysis | TranslationAnalysis }
  | { type: "timed"; id: number; latency: LatencyStats }
  | { type: "translated"; id: number; text: string }
  | { type: "memory"; id: number; numTensors: number }
  | { type: "error"; id: number; message: string };
