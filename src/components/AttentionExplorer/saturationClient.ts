// The explorer's side of its worker (./saturation.worker.ts, through ../Playground/workerClient as
// the other playgrounds): one computation in flight at a time, and of the settings asked for
// meanwhile only the newest is computed next, so dragging a slider never queues stale work.
import { WorkerClient } from "../Playground/workerClient";
import type { FromWorker, SaturationResult, Setting, ToWorker } from "./protocol";

type Waiting = {
  setting: Setting;
  resolve: (r: SaturationResult | undefined) => void;
  reject: (e: Error) => void;
};

export class SaturationClient {
  private readonly rpc = new WorkerClient<ToWorker, FromWorker>(
    new Worker(new URL("./saturation.worker.ts", import.meta.url), { name: "saturation" }),
    () => false,
    "the attention explorer's worker",
  );
  private busy = false;
  private waiting: Waiting | undefined;

  /** The result for `setting`; undefined when a newer setting replaced it before it was computed. */
  compute(setting: Setting): Promise<SaturationResult | undefined> {
    return new Promise((resolve, reject) => {
      const job = { setting, resolve, reject };
      if (this.busy) {
        this.waiting?.resolve(undefined);
        this.waiting = job;
      } else this.send(job);
    });
  }

  private send(job: Waiting): void {
    this.busy = true;
    this.rpc
      .request({ type: "compute", id: this.rpc.nextId(), setting: job.setting })
      .then((m) => job.resolve((m as Extract<FromWorker, { type: "result" }>).result), job.reject)
      .finally(() => {
        this.busy = false;
        const next = this.waiting;
        this.waiting = undefined;
        if (next) this.send(next);
      });
  }

  terminate(): void {
    this.waiting?.resolve(undefined);
    this.waiting = undefined;
    this.rpc.terminate();
  }
}
