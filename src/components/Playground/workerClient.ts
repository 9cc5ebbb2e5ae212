// The page's side of a playground's Web Worker, shared by every worker on the site (poetry,
// sentiment + translation, the attention explorer): each request carries an id, the worker answers
// with messages carrying the same id: any number of events (streamed characters, attention rows),
// then one final answer, or `{ type: "error", message }`. Requests become promises.

/** Every message to a worker names its request. */
export interface WorkerRequest {
  type: string;
  id: number;
}

/** Every message from a worker names the request it answers; `error` rejects it. */
export type WorkerReply = { type: string; id: number } | { type: "error"; id: number; message: string };

type Pending<From> = {
  resolve: (m: From) => void;
  reject: (e: Error) => void;
  onEvent?: (m: From) => void;
};

export class WorkerClient<To extends WorkerRequest, From extends WorkerReply> {
  private readonly pending = new Map<number, Pending<From>>();
  private lastId = 0;

  /**
   * `worker`: the started worker (`new Worker(new URL("./x.worker.ts", import.meta.url))`, so that
   * webpack bundles it as its own file); `isEvent`: which replies are events (not the final answer);
   * `what`: how error messages name the worker ("the generation worker").
   */
  constructor(
    private readonly worker: Worker,
    private readonly isEvent: (m: From) => boolean,
    private readonly what: string,
  ) {
    worker.addEventListener("message", (e: MessageEvent<From>) => this.receive(e.data));
    worker.addEventListener("error", (e) => {
      this.rejectAll(new Error(`${what} failed: ${e.message || "could not start it"}`));
    });
  }

  /** A fresh request id. */
  nextId(): number {
    return ++this.lastId;
  }

  private receive(m: From): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === "error") {
      this.pending.delete(m.id);
      p.reject(new Error((m as { message: string }).message));
    } else if (this.isEvent(m)) {
      p.onEvent?.(m);
    } else {
      this.pending.delete(m.id);
      p.resolve(m);
    }
  }

  /** Sends `message` and resolves with the worker's final answer to it; events go to `onEvent`. */
  request(message: To, onEvent?: (m: From) => void): Promise<From> {
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject, onEvent });
      this.worker.postMessage(message);
    });
  }

  /** Sends a message that gets no answer (e.g. "stop"). */
  post(message: To): void {
    this.worker.postMessage(message);
  }

  private rejectAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  terminate(): void {
    this.worker.terminate();
    this.rejectAll(new Error(`${this.what} was stopped`));
  }
}

/** The worker's side: typed postMessage / message listener on `self`, and error text for replies. */
export function workerScope<To, From>(): {
  post: (m: From) => void;
  listen: (handler: (m: To) => void) => void;
} {
  const scope = self as unknown as {
    postMessage(message: From): void;
    addEventListener(type: "message", listener: (e: MessageEvent<To>) => void): void;
  };
  return {
    post: (m) => scope.postMessage(m),
    listen: (handler) => scope.addEventListener("message", (e) => handler(e.data)),
  };
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
