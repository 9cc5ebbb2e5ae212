// The request/answer plumbing every playground worker uses (src/components/Playground/workerClient.ts),
// against a fake Worker: events reach the callback of their request, the final answer resolves it,
// `error` rejects it, a failing worker rejects everything pending, and the explorer's client
// computes only the newest of the settings asked for while one is in flight.
import { describe, expect, it, vi } from "vitest";
import { WorkerClient } from "../../src/components/Playground/workerClient";

type Msg = { type: string; id: number; [k: string]: unknown };

class FakeWorker extends EventTarget {
  sent: Msg[] = [];
  terminated = false;
  postMessage(m: Msg) {
    this.sent.push(m);
  }
  reply(m: Msg) {
    this.dispatchEvent(Object.assign(new Event("message"), { data: m }));
  }
  fail(message: string) {
    this.dispatchEvent(Object.assign(new Event("error"), { message }));
  }
  terminate() {
    this.terminated = true;
  }
}

const client = (w: FakeWorker) =>
  new WorkerClient<Msg, Msg>(w as unknown as Worker, (m) => m.type === "tick", "the test worker");

describe("WorkerClient", () => {
  it("routes events and answers by request id", async () => {
    const w = new FakeWorker();
    const c = client(w);
    const ticks: unknown[] = [];
    const a = c.request({ type: "go", id: c.nextId() }, (m) => ticks.push(m.n));
    const b = c.request({ type: "go", id: c.nextId() });
    expect(w.sent.map((m) => m.id)).toEqual([1, 2]);
    w.reply({ type: "tick", id: 1, n: 1 });
    w.reply({ type: "done", id: 2, value: "b" });
    w.reply({ type: "tick", id: 1, n: 2 });
    w.reply({ type: "done", id: 1, value: "a" });
    w.reply({ type: "done", id: 99 }); // unknown id: ignored
    expect((await a).value).toBe("a");
    expect((await b).value).toBe("b");
    expect(ticks).toEqual([1, 2]);
  });

  it("rejects a request the worker answers with an error, and everything pending when the worker fails", async () => {
    const w = new FakeWorker();
    const c = client(w);
    const a = c.request({ type: "go", id: c.nextId() });
    w.reply({ type: "error", id: 1, message: "weights.bin: HTTP 404" });
    await expect(a).rejects.toThrow("weights.bin: HTTP 404");
    const b = c.request({ type: "go", id: c.nextId() });
    const d = c.request({ type: "go", id: c.nextId() });
    w.fail("SyntaxError in the worker script");
    await expect(b).rejects.toThrow("the test worker failed: SyntaxError in the worker script");
    await expect(d).rejects.toThrow("the test worker failed");
    const e = c.request({ type: "go", id: c.nextId() });
    c.terminate();
    expect(w.terminated).toBe(true);
    await expect(e).rejects.toThrow("the test worker was stopped");
  });
});

describe("the attention explorer's client", () => {
  it("computes only the newest setting asked for while one is in flight", async () => {
    const workers: FakeWorker[] = [];
    vi.stubGlobal(
      "Worker",
      class extends FakeWorker {
        constructor() {
          super();
          workers.push(this);
        }
      },
    );
    const { SaturationClient } = await import("../../src/components/AttentionExplorer/saturationClient");
    const c = new SaturationClient();
    const w = workers[0]!;
    const setting = (dk: number) => ({ dk, keys: 16, scaled: true, temperature: 1 });
    const first = c.compute(setting(1));
    const second = c.compute(setting(2));
    const third = c.compute(setting(4));
    expect(w.sent.map((m) => (m.setting as { dk: number }).dk)).toEqual([1]); // one in flight
    expect(await second).toBeUndefined(); // replaced by the third before it was sent
    w.reply({ type: "result", id: 1, result: { setting: setting(1) } });
    expect(await first).toEqual({ setting: setting(1) });
    await vi.waitFor(() => expect(w.sent).toHaveLength(2));
    expect((w.sent[1]!.setting as { dk: number }).dk).toBe(4);
    w.reply({ type: "result", id: 2, result: { setting: setting(4) } });
    expect(await third).toEqual({ setting: setting(4) });
    vi.unstubAllGlobals();
  });
});
