// The chart draw queue (src/components/PlotlyChart/drawQueue.ts): charts are drawn only once near
// the screen, one per task, the nearest first; withdrawn charts are skipped, and a failing draw does
// not stop the others.
import { describe, expect, it } from "vitest";
import { createDrawQueue, distanceFromViewport } from "../../src/components/PlotlyChart/drawQueue";

/** A task boundary the test releases by hand; `waiting` counts the queue's pending waits. */
function manualTasks() {
  const releases: (() => void)[] = [];
  return {
    nextTask: () => new Promise<void>((resolve) => releases.push(resolve)),
    async step() {
      releases.shift()?.();
      // let the draw that the release started run to its end
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
    get waiting() {
      return releases.length;
    },
  };
}

const el = (name: string, distance: number) => ({ name, distance }) as unknown as Element;
const distanceOf = (e: Element) => (e as unknown as { distance: number }).distance;

/** A watcher that reports every chart near at once (as when all of them are on screen). */
const allNear = (_: Element, onNear: () => void) => {
  onNear();
  return () => undefined;
};

/** A watcher whose "near" reports the test sends by hand; `watched` lists what is watched. */
function manualWatcher() {
  const callbacks = new Map<Element, () => void>();
  return {
    watch: (element: Element, onNear: () => void) => {
      callbacks.set(element, onNear);
      return () => void callbacks.delete(element);
    },
    near: (element: Element) => callbacks.get(element)?.(),
    get watched() {
      return [...callbacks.keys()];
    },
  };
}

describe("chart draw queue", () => {
  it("measures how far a box lies outside the viewport", () => {
    expect(distanceFromViewport({ top: 100, bottom: 300 }, 800)).toBe(0);
    expect(distanceFromViewport({ top: -50, bottom: 10 }, 800)).toBe(0);
    expect(distanceFromViewport({ top: 900, bottom: 1200 }, 800)).toBe(100);
    expect(distanceFromViewport({ top: -500, bottom: -200 }, 800)).toBe(200);
  });

  it("draws one chart per task, nearest the screen first, ties in the order added", async () => {
    const tasks = manualTasks();
    const queue = createDrawQueue(tasks.nextTask, distanceOf, allNear);
    const drawn: string[] = [];
    for (const [name, d] of [
      ["far", 3000],
      ["below", 200],
      ["on screen A", 0],
      ["on screen B", 0],
    ] as const) {
      queue.add(el(name, d), async () => void drawn.push(name));
    }
    expect(drawn).toEqual([]); // nothing is drawn in the task that queued the charts
    await tasks.step();
    expect(drawn).toEqual(["on screen A"]);
    await tasks.step();
    expect(drawn).toEqual(["on screen A", "on screen B"]);
    await tasks.step();
    await tasks.step();
    expect(drawn).toEqual(["on screen A", "on screen B", "below", "far"]);
    await tasks.step();
    expect(tasks.waiting).toBe(0); // the queue stops when empty
  });

  it("skips a withdrawn chart, survives a failing draw, and restarts for charts added later", async () => {
    const tasks = manualTasks();
    const queue = createDrawQueue(tasks.nextTask, distanceOf, allNear);
    const drawn: string[] = [];
    const withdraw = queue.add(el("unmounted", 0), async () => void drawn.push("unmounted"));
    queue.add(el("broken", 0), () => Promise.reject(new Error("plotly failed")));
    queue.add(el("ok", 0), async () => void drawn.push("ok"));
    withdraw();
    for (let i = 0; i < 4; i++) await tasks.step();
    expect(drawn).toEqual(["ok"]);
    expect(tasks.waiting).toBe(0);
    queue.add(el("late", 0), async () => void drawn.push("late"));
    await tasks.step();
    expect(drawn).toEqual(["ok", "late"]);
  });

  it("draws nothing until a chart is near the screen, then only the charts that are", async () => {
    const tasks = manualTasks();
    const watcher = manualWatcher();
    const queue = createDrawQueue(tasks.nextTask, distanceOf, watcher.watch);
    const drawn: string[] = [];
    const [top, middle, bottom] = [el("top", 0), el("middle", 900), el("bottom", 4000)];
    for (const chart of [top, middle, bottom]) {
      queue.add(chart, async () => void drawn.push((chart as unknown as { name: string }).name));
    }
    expect(tasks.waiting).toBe(0); // no chart near: the queue does not even wait for a task
    watcher.near(middle);
    watcher.near(top);
    await tasks.step();
    await tasks.step();
    await tasks.step();
    expect(drawn).toEqual(["top", "middle"]);
    expect(tasks.waiting).toBe(0);
    watcher.near(bottom);
    await tasks.step();
    expect(drawn).toEqual(["top", "middle", "bottom"]);
  });

  it("stops watching a chart that is withdrawn before it came near", () => {
    const watcher = manualWatcher();
    const queue = createDrawQueue(manualTasks().nextTask, distanceOf, watcher.watch);
    const chart = el("unmounted", 5000);
    const withdraw = queue.add(chart, async () => undefined);
    expect(watcher.watched).toEqual([chart]);
    withdraw();
    expect(watcher.watched).toEqual([]);
  });
});
