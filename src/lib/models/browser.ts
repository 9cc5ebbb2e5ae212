/**
 * Helpers shared by the models the site runs in the browser (browser-safe, no tfjs):
 * a fetch that counts the bytes of each file it downloads, and the median wall time of repeated runs.
 */

export interface LatencyStats {
  /** Median wall time of one run, ms. */
  medianMs: number;
  /** Each timed run, ms, in order. */
  runsMs: number[];
  /** The untimed warm-up run (shader compilation, first allocations), ms. */
  warmupMs: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median: no values");
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Runs `fn` once untimed, then `runs` times timed; `now` defaults to performance.now. */
export async function timeRuns(
  fn: () => Promise<unknown>,
  runs: number,
  now: () => number = () => performance.now(),
): Promise<LatencyStats> {
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`timeRuns: runs must be an integer ≥ 1, got ${runs}`);
  let t0 = now();
  await fn();
  const warmupMs = now() - t0;
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    t0 = now();
    await fn();
    runsMs.push(now() - t0);
  }
  return { medianMs: median(runsMs), runsMs, warmupMs };
}

/**
 * Wraps `fetch` so that the bytes of every successful response are counted by file name
 * (after HTTP decompression: the size of the file as served).
 */
export function countingFetch(doFetch: typeof fetch = globalThis.fetch.bind(globalThis)): {
  fetch: typeof fetch;
  files: Record<string, number>;
} {
  const files: Record<string, number> = {};
  const counting = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const res = await doFetch(input, init);
    if (!res.ok) return res;
    const body = await res.arrayBuffer();
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const name = url.split("?")[0]!.split("/").pop() ?? url;
    files[name] = (files[name] ?? 0) + body.byteLength;
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  }) as typeof fetch;
  return { fetch: counting, files };
}
