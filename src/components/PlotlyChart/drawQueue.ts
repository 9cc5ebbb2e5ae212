// When and in what order charts are drawn: once a chart comes within a screen's height of the
// viewport, one chart per task, the nearest first. Before this, every chart of a page was drawn in
// the task where plotly.js arrived: on notebook 01 (6 charts, 18 panels; headless Chromium, 2 cores)
// one task of 1.2 s as the page opened. Now charts the reader never scrolls to cost nothing, and
// between two draws the browser handles input and paints.

export type ElementBox = { top: number; bottom: number };

/** How far a box lies outside the viewport [0, viewportHeight] (0 when any of it is inside). */
export function distanceFromViewport(box: ElementBox, viewportHeight: number): number {
  if (box.bottom < 0) return -box.bottom;
  if (box.top > viewportHeight) return box.top - viewportHeight;
  return 0;
}

export type DrawQueue = {
  /** Queues `draw` for `element`; the returned function withdraws it if it has not started. */
  add(element: Element, draw: () => Promise<void>): () => void;
};

/** Calls `onNear` once `element` is near the screen; returns a function that stops watching. */
export type NearWatcher = (element: Element, onNear: () => void) => () => void;

type Job = { element: Element; draw: () => Promise<void>; near: boolean; withdrawn: boolean };

const macrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const viewportDistance = (element: Element): number =>
  distanceFromViewport(element.getBoundingClientRect(), window.innerHeight);

let observer: IntersectionObserver | undefined;
const nearCallbacks = new Map<Element, () => void>();

/** Near = within one viewport height above or below the screen (IntersectionObserver). */
const withinAScreen: NearWatcher = (element, onNear) => {
  if (typeof IntersectionObserver === "undefined") {
    onNear();
    return () => undefined;
  }
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const callback = nearCallbacks.get(entry.target);
        nearCallbacks.delete(entry.target);
        observer?.unobserve(entry.target);
        callback?.();
      }
    },
    { rootMargin: "100% 0px 100% 0px" },
  );
  nearCallbacks.set(element, onNear);
  observer.observe(element);
  return () => {
    nearCallbacks.delete(element);
    observer?.unobserve(element);
  };
};

/**
 * A queue that runs one draw per task (awaiting `nextTask` before each), only for charts that
 * `watch` has reported near the screen, nearest first by `distance` (ties in the order added).
 */
export function createDrawQueue(
  nextTask: () => Promise<void> = macrotask,
  distance: (element: Element) => number = viewportDistance,
  watch: NearWatcher = withinAScreen,
): DrawQueue {
  let jobs: Job[] = [];
  let running = false;

  async function run(): Promise<void> {
    running = true;
    try {
      for (;;) {
        await nextTask();
        jobs = jobs.filter((j) => !j.withdrawn);
        const ready = jobs.filter((j) => j.near);
        if (ready.length === 0) return;
        let job = ready[0]!;
        let jobDistance = distance(job.element);
        for (const other of ready.slice(1)) {
          if (jobDistance === 0) break;
          const d = distance(other.element);
          if (d < jobDistance) [job, jobDistance] = [other, d];
        }
        jobs.splice(jobs.indexOf(job), 1);
        // A job reports its own failure (the chart shows it); one failure must not stop the rest.
        await job.draw().catch(() => undefined);
      }
    } finally {
      running = false;
    }
  }

  return {
    add(element, draw) {
      const job: Job = { element, draw, near: false, withdrawn: false };
      jobs.push(job);
      const unwatch = watch(element, () => {
        job.near = true;
        if (!running) void run();
      });
      return () => {
        job.withdrawn = true;
        unwatch();
      };
    },
  };
}
