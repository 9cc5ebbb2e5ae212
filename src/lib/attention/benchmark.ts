/**
 * Attention micro-benchmark (browser-safe; the Node CLI is src/lib/cli/bench.ts).
 *
 * Times three implementations on the active backend, forward and forward+backward:
 * - "library": scaledDotProductAttention (strategy "auto");
 * - "plain":   the textbook composition matMul(softmax(matMul(q, k, false, true) / √d), v);
 * - "chunked": chunkedAttention (online softmax over key chunks).
 * Method: the variants are timed side by side, interleaved round by round (the starting variant
 * rotates), so that a change in machine load hits all of them alike; warm-up runs (2 by default),
 * then the median of `reps` rounds, wall-clock and (in Node) process CPU time. forward+backward is
 * tf.grads of the output with a fixed random upstream gradient dO (as in training) w.r.t. q, k, v.
 * Each run ends by reading the sum of every result (a scalar): that waits for an asynchronous
 * backend (webgl, webgpu) to finish, without timing a copy of the whole result to JS, which costs
 * the same for every variant (a fresh 0.5 MiB JS buffer took ~2 ms on our VM; tf.slice on wasm
 * copies its whole input to JS, so even a one-element slice would cost that). Peak memory is tf.profile's
 * peakBytes minus the bytes held before the call (inputs excluded). GFLOP/s counts the matrix
 * products only: forward 2·N·T_q·T_k·(d_k + d_v), forward+backward 3× that (chunked recomputes
 * the scores in its backward pass but is credited the same FLOPs, as FlashAttention reports).
 */
import * as tf from "@tensorflow/tfjs-core";
import { chunkedAttention } from "./chunked";
import { scaledDotProductAttention } from "./scaledDotProduct";

export type BenchVariant = "library" | "plain" | "chunked";
export type BenchMode = "forward" | "forward+backward";

export interface BenchConfig {
  /** Shown in the table, e.g. "B·H=32 T=128 d=32". */
  label: string;
  /** Leading dims of q, k, v, e.g. [4, 8] for B=4, H=8. */
  batch: number[];
  T: number;
  d: number;
  /** Timed repetitions after warm-up (the median is reported). */
  reps: number;
  /** Untimed warm-up runs (default 2). */
  warmups?: number;
  /** Key chunk size of the chunked variant. */
  chunkSize: number;
}

export interface BenchRow {
  label: string;
  batch: number[];
  T: number;
  d: number;
  chunkSize: number;
  variant: BenchVariant;
  mode: BenchMode;
  /** Median wall-clock time. */
  medianMs: number;
  minMs: number;
  /** Median CPU time of this process (user + system; NaN in the browser): robust to other load. */
  medianCpuMs: number;
  reps: number;
  gflops: number;
  gflopPerS: number;
  peakBytes: number;
  /** plain's median / this variant's median, from the same interleaved run (NaN without "plain"). */
  speedupVsPlain: number;
  /** The same ratio of median process CPU times (less affected by other processes on the machine). */
  cpuSpeedupVsPlain: number;
}

/** The plain composition the fast path is compared with. q, k, v: [..., T, d] → [..., T, d]. */
export function plainAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor): tf.Tensor {
  const d = q.shape[q.rank - 1]!;
  return tf.tidy(() => tf.matMul(tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(d))), v));
}

const forwards: Record<BenchVariant, (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, chunk: number) => tf.Tensor> =
  {
    library: (q, k, v) => scaledDotProductAttention(q, k, v).output,
    plain: (q, k, v) => plainAttention(q, k, v),
    chunked: (q, k, v, chunk) => chunkedAttention(q, k, v, { chunkSize: chunk }),
  };

/** One run: the output, or the gradients w.r.t. q, k, v given the upstream gradient dO. */
function runOnce(variant: BenchVariant, mode: BenchMode, x: BenchInputs, chunk: number): tf.Tensor[] {
  const f = forwards[variant];
  if (mode === "forward") return [f(x.q, x.k, x.v, chunk)];
  return tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => f(a, b, c, chunk))([x.q, x.k, x.v], x.dO);
}

/** q, k, v [..., T, d] and the upstream gradient dO [..., T, d]. */
interface BenchInputs {
  q: tf.Tensor;
  k: tf.Tensor;
  v: tf.Tensor;
  dO: tf.Tensor;
}

/** Process CPU time in ms (Node), or undefined in the browser. */
const cpuNow = (): number | undefined => {
  const usage = (
    globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }
  ).process?.cpuUsage?.();
  return usage ? (usage.user + usage.system) / 1000 : undefined;
};

/** Runs fn once and returns [wall ms, CPU ms (NaN where unknown)]; see the module comment on the read. */
async function timeOnce(fn: () => tf.Tensor[]): Promise<[number, number]> {
  const c0 = cpuNow();
  const t0 = performance.now();
  const sums = tf.tidy(() => fn().map((t) => tf.sum(t))); // scalars
  await Promise.all(sums.map((t) => t.data()));
  const ms = performance.now() - t0;
  const c1 = cpuNow();
  tf.dispose(sums);
  return [ms, c0 !== undefined && c1 !== undefined ? c1 - c0 : NaN];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Matrix-product FLOPs of one attention forward pass (see the module comment). */
export function attentionMatMulFlops(N: number, Tq: number, Tk: number, dk: number, dv: number): number {
  return 2 * N * Tq * Tk * (dk + dv);
}

/**
 * Benchmarks the variants side by side on one config and mode: one row per variant, in the
 * order given, with speed-ups relative to "plain" when it is among them.
 */
export async function benchmarkAttention(
  c: BenchConfig,
  mode: BenchMode,
  variants: readonly BenchVariant[] = ["plain", "library", "chunked"],
  options: {
    /**
     * Called once per round, warm-ups included, before that round's variants (e.g. to time the
     * same shapes in another framework under the same machine load); `timed` is false in warm-ups.
     */
    eachRound?: (timed: boolean) => Promise<void>;
  } = {},
): Promise<BenchRow[]> {
  const shape = [...c.batch, c.T, c.d];
  const [q, k, v, dO] = [1, 2, 3, 4].map((seed) => tf.randomNormal(shape, 0, 1, "float32", seed));
  const inputs: BenchInputs = { q: q!, k: k!, v: v!, dO: dO! };
  const runs = variants.map((variant) => () => runOnce(variant, mode, inputs, c.chunkSize));
  for (let i = 0; i < (c.warmups ?? 2); i++) {
    await options.eachRound?.(false);
    for (const run of runs) await timeOnce(run);
  }
  const times = variants.map(() => [] as number[]);
  const cpuTimes = variants.map(() => [] as number[]);
  for (let r = 0; r < c.reps; r++) {
    await options.eachRound?.(true);
    for (let j = 0; j < runs.length; j++) {
      const i = (r + j) % runs.length; // rotate which variant goes first
      const [wall, cpu] = await timeOnce(runs[i]!);
      times[i]!.push(wall);
      cpuTimes[i]!.push(cpu);
    }
  }
  const peaks: number[] = [];
  for (const run of runs) {
    const before = tf.memory().numBytes;
    const profile = await tf.profile(() => run());
    tf.dispose(profile.result as tf.Tensor[]);
    peaks.push(profile.peakBytes - before);
  }
  tf.dispose([q!, k!, v!, dO!]);
  const N = c.batch.reduce((a, b) => a * b, 1);
  const gflops = (attentionMatMulFlops(N, c.T, c.T, c.d, c.d) * (mode === "forward" ? 1 : 3)) / 1e9;
  const plain = variants.indexOf("plain");
  const plainMs = plain >= 0 ? median(times[plain]!) : NaN;
  const plainCpuMs = plain >= 0 ? median(cpuTimes[plain]!) : NaN;
  return variants.map((variant, i) => {
    const medianMs = median(times[i]!);
    const medianCpuMs = median(cpuTimes[i]!);
    return {
      label: c.label,
      batch: c.batch,
      T: c.T,
      d: c.d,
      chunkSize: c.chunkSize,
      variant,
      mode,
      medianMs,
      minMs: Math.min(...times[i]!),
      medianCpuMs,
      reps: c.reps,
      gflops,
      gflopPerS: gflops / (medianMs / 1000),
      peakBytes: peaks[i]!,
      speedupVsPlain: plainMs / medianMs,
      cpuSpeedupVsPlain: plainCpuMs / medianCpuMs,
    };
  });
}
