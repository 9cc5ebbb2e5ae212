// The page's side of the poetry worker: starts ./generation.worker.ts (its own webpack bundle) and
// turns its messages into promises and callbacks. Imported by the panel on the reader's first
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

type Pending = {
  resolve: (m: FromWorker) => void;
  reject: (e: Error) => void;
  callbacks?: GenerateCallbacks;
};

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
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private info: Promise<ModelInfo> | undefined;

  constructor() {
    this.worker = new Worker(new URL("./generation.worker.ts", import.meta.url), { name: "poetry" });
    this.worker.addEventListener("message", (e: MessageEvent<FromWorker>) => this.receive(e.data));
    this.worker.addEventListener("error", (e) => {
      const error = new Error(`the generation worker failed: ${e.message || "could not start it"}`);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    });
  }

  private receive(m: FromWorker): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    switch (m.type) {
      case "character":
        p.callbacks?.onCharacter?.(m.step);
        return;
      case "attention":
        p.callbacks?.onAttention?.(m.attention);
        return;
      case "error":
        this.pending.delete(m.id);
        p.reject(new Error(m.message));
        return;
      default:
        this.pending.delete(m.id);
        p.resolve(m);
    }
  }

  private request(message: ToWorker, callbacks?: GenerateCallbacks): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject, callbacks });
      this.worker.postMessage(message);
    });
  }

  /** Loads the backend and the model in the worker (once; later calls return the same promise). */
  load(options: { modelUrl: string; wasmPath: string; backend?: string }): Promise<ModelInfo> {
    this.info ??= this.request({
      type: "load",
      id: this.nextId++,
      // The worker resolves URLs against its own script's address: send absolute ones.
      modelUrl: new URL(options.modelUrl, window.location.href).href,
      wasmPath: new URL(options.wasmPath, window.location.href).href,
      ...(options.backend ? { backend: options.backend } : {}),
    }).then((m) => (m as Extract<FromWorker, { type: "loaded" }>).info);
    this.info.catch(() => (this.info = undefined));
    return this.info;
  }

  /** Writes one poem; `stop()` ends it between two characters. */
  generate(
    request: PoemRequest,
    callbacks: GenerateCallbacks = {},
    options: { attentionEveryMs?: number | null } = {},
  ): { id: number; done: Promise<GenerateResult> } {
    const id = this.nextId++;
    const done = this.request(
      { type: "generate", id, request, attentionEveryMs: options.attentionEveryMs ?? null },
      callbacks,
    ).then((m) => {
      const d = m as Extract<FromWorker, { type: "done" }>;
      return { poem: d.poem, numTensors: d.numTensors };
    });
    return { id, done };
  }

  stop(id: number): void {
    this.worker.postMessage({ type: "stop", id } satisfies ToWorker);
  }

  async numTensors(): Promise<number> {
    const m = await this.request({ type: "memory", id: this.nextId++ });
    return (m as Extract<FromWorker, { type: "memory" }>).numTensors;
  }

  terminate(): void {
    this.worker.terminate();
    const error = new Error("the generation worker was stopped");
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
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
