// The page's side of the sentiment and translation worker (./inference.worker.ts): one worker per
// page, shared by both playgrounds (one TensorFlow.js backend, both models). Imported by a
// playground on the reader's first interaction, so neither the worker nor a model is fetched when
// the page opens.
import type { Analyses, FromWorker, LatencyStats, LoadedInfo, ModelKind, ToWorker } from "./protocol";
import { WorkerClient } from "./workerClient";

export type { LoadedInfo, ModelKind };

export class InferenceClient {
  private readonly rpc = new WorkerClient<ToWorker, FromWorker>(
    new Worker(new URL("./inference.worker.ts", import.meta.url), { name: "inference" }),
    () => false,
    "the inference worker",
  );
  private readonly loads = new Map<string, Promise<LoadedInfo>>();

  /** Loads the backend (first call) and one model in the worker; the same promise for the same model. */
  load(
    model: ModelKind,
    options: { modelUrl: string; wasmPath: string; backend?: string },
  ): Promise<LoadedInfo> {
    // The worker resolves URLs against its own script's address: send absolute ones.
    const modelUrl = new URL(options.modelUrl, window.location.href).href;
    const key = `${model} ${modelUrl}`;
    let p = this.loads.get(key);
    if (!p) {
      p = this.rpc
        .request({
          type: "load",
          id: this.rpc.nextId(),
          model,
          modelUrl,
          wasmPath: new URL(options.wasmPath, window.location.href).href,
          ...(options.backend ? { backend: options.backend } : {}),
        })
        .then((m) => (m as Extract<FromWorker, { type: "loaded" }>).info);
      p.catch(() => this.loads.delete(key));
      this.loads.set(key, p);
    }
    return p;
  }

  async analyze<K extends ModelKind>(model: K, text: string): Promise<Analyses[K]> {
    const m = await this.rpc.request({ type: "analyze", id: this.rpc.nextId(), model, text });
    return (m as Extract<FromWorker, { type: "analysis" }>).analysis as Analyses[K];
  }

  async time(model: ModelKind, text: string, runs: number): Promise<LatencyStats> {
    const m = await this.rpc.request({ type: "time", id: this.rpc.nextId(), model, text, runs });
    return (m as Extract<FromWorker, { type: "timed" }>).latency;
  }

  async translate(text: string): Promise<string> {
    const m = await this.rpc.request({ type: "translate", id: this.rpc.nextId(), text });
    return (m as Extract<FromWorker, { type: "translated" }>).text;
  }

  /** tf.memory().numTensors inside the worker (where the models live). */
  async numTensors(): Promise<number> {
    const m = await this.rpc.request({ type: "memory", id: this.rpc.nextId() });
    return (m as Extract<FromWorker, { type: "memory" }>).numTensors;
  }
}

let client: InferenceClient | undefined;

/** One worker per page, shared by the sentiment and translation playgrounds. */
export function inferenceClient(): InferenceClient {
  client ??= new InferenceClient();
  return client;
}
