// The page's side of the poetry worker: starts ./generation.worker.ts (its own webpack bundle) and
// turns its messages into promises and callbacks (../Playground/workerClient, shared with the other
// playgrounds' workers). Imported by the panel on the reader's first
// interaction, so neither the worker nor the model is fetched when the page opens.
import type {
  FromWorker,
  ModelInfo,
  NewestAttention,
  PoemRequest,
  PoemStep,
  StreamedPoem,
  ToWorker,
} from "./protocol";
import { WorkerClient } from "../Playground/workerClient";

export type { ModelInfo, NewestAttention, PoemRequest, PoemStep, StreamedPoem };

export interface GenerateCallbacks {
  onCharacter?: (step: PoemStep) => void;
  onAttention?: (attention: NewestAttention) => void;
}

export interface GenerateResult {
  poem: StreamedPoem;
  /** tf.memory().numTensors in the worker after the poem. */
  numTensors: number;
}

/** What browser tests read: `window.__footprintPoetry`. */
export interface PoetryTestHook {
  backend: string;
  modelBytes: number;
  /** tf.memory().numTensors inside the worker (where the model lives). */
  numTensors(): Promise<number>;
  generate(request: PoemRequest): Promise<GenerateResult>;
}

declare global {
  interface Window {
    __footprintPoetry?: PoetryTestHook;
  }
}

export class PoetryClient {
  private readonly rpc = new WorkerClient<ToWorker, FromWorker>(
    new Worker(new URL("./generation.worker.ts", import.meta.url), { name: "poetry" }),
    (m) => m.type === "character" || m.type === "attention",
    "the generation worker",
  );
  private info: Promise<ModelInfo> | undefined;

  /** Loads the backend and the model in the worker (once; later calls return the same promise). */
  load(options: { modelUrl: string; wasmPath: string; backend?: string }): Promise<ModelInfo> {
    this.info ??= this.rpc
      .request({
        type: "load",
        id: this.rpc.nextId(),
        // The worker resolves URLs against its own script's address: send absolute ones.
        modelUrl: new URL(options.modelUrl, window.location.href).href,
        wasmPath: new URL(options.wasmPath, window.location.href).href,
        ...(options.backend ? { backend: options.backend } : {}),
      })
      .then((m) => (m as Extract<FromWorker, { type: "loaded" }>).info);
    this.info.catch(() => (this.info = undefined));
    return this.info;
  }

  /** Writes one poem; `stop()` ends it between two characters. */
  generate(
    request: PoemRequest,
    callbacks: GenerateCallbacks = {},
    options: { attentionEveryMs?: number | null } = {},
  ): { id: number; done: Promise<GenerateResult> } {
    const id = this.rpc.nextId();
    const done = this.rpc
      .request({ type: "generate", id, request, attentionEveryMs: options.attentionEveryMs ?? null }, (m) => {
        if (m.type === "character") callbacks.onCharacter?.(m.step);
        else if (m.type === "attention") callbacks.onAttention?.(m.attention);
      })
      .then((m) => {
        const d = m as Extract<FromWorker, { type: "done" }>;
        return { poem: d.poem, numTensors: d.numTensors };
      });
    return { id, done };
  }

  stop(id: number): void {
    this.rpc.post({ type: "stop", id });
  }

  async numTensors(): Promise<number> {
    const m = await this.rpc.request({ type: "memory", id: this.rpc.nextId() });
    return (m as Extract<FromWorker, { type: "memory" }>).numTensors;
  }

  terminate(): void {
    this.rpc.terminate();
  }
}

let client: PoetryClient | undefined;

/** One worker per page, shared by every poetry panel on it. */
export function poetryClient(): PoetryClient {
  client ??= new PoetryClient();
  return client;
}

/** Installs the test hook once the model is loaded. */
export function installTestHook(c: PoetryClient, info: ModelInfo): void {
  window.__footprintPoetry = {
    backend: info.backend.id,
    modelBytes: info.size.model,
    numTensors: () => c.numTensors(),
    generate: (request) => c.generate(request).done,
  };
}
