// Messages between the poetry panel (main thread, ./client.ts) and its Web Worker
// (./generation.worker.ts). Plain JSON-cloneable data only.
import type { BackendInfo } from "@site/src/lib/backend/select";
import type { DownloadSize } from "@site/src/lib/models/sentiment/browser";
import type {
  NewestAttention,
  PoemRequest,
  PoemStep,
  StreamedPoem,
} from "@site/src/lib/models/generation/browser";

export type { NewestAttention, PoemRequest, PoemStep, StreamedPoem };

/** What the panel shows about the model once it is loaded. */
export interface ModelInfo {
  backend: Omit<BackendInfo, "summary">;
  size: DownloadSize;
  layers: number;
  heads: number;
  contextLength: number;
  vocabSize: number;
  parameters: number;
}

export type ToWorker =
  | {
      type: "load";
      id: number;
      /** Absolute URL of the model folder (model.json, weights.bin, vocab.json). */
      modelUrl: string;
      /** Absolute URL where the site serves tfjs's .wasm files, ending in "/". */
      wasmPath: string;
      /** Forced backend (`?backend=`), else wasm → cpu. */
      backend?: string;
    }
  | {
      type: "generate";
      id: number;
      request: PoemRequest;
      /** Send the newest character's attention every this many ms while writing and at the end (Infinity: only at the end); null: never. */
      attentionEveryMs: number | null;
    }
  | { type: "stop"; id: number }
  | { type: "memory"; id: number };

export type FromWorker =
  | { type: "loaded"; id: number; info: ModelInfo }
  | { type: "character"; id: number; step: PoemStep }
  | { type: "attention"; id: number; attention: NewestAttention }
  | { type: "done"; id: number; poem: StreamedPoem; numTensors: number }
  | { type: "memory"; id: number; numTensors: number }
  | { type: "error"; id: number; message: string };
