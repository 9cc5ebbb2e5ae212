/**
 * Attention micro-benchmark (browser-safe; the Node CLI is src/lib/cli/bench.ts).
 *
 * Times three implementations on the active backend, forward and forward+backward:
 * - "library": scaledDotProductAttention (strategy "auto");
 * - "plain":   the textbook composition matMul(softmax(matMul(q, k, false, true) / √d), v);
 * - "chunked": chunkedAttention (online softmax over key chunks).
 * Method: warm-up runs (2 by default), then the median of `reps` runs, each ending with a read of the
 * result (so asynchronous backends finish); wall-clock and (in Node) process CPU time. Peak memory is tf.profile's peakBytes minus the
 * bytes held before the call (inputs excluded). GFLOP/s counts the matrix products only:
 * forward 2·N·T_q·T_k·(d_k + d_v), forward+backward 3× that (chunked recomputes the scores
 * in its backward pass but is credited the same FLOPs, as FlashAttention reports).
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

/** One run: returns the tensors to read (output, or the three gradients). */
function runOnce(
  variant: BenchVariant,
  mode: BenchMode,
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  chunk: number,
) {
  const f = forwards[variant];
  if (mode === "forward") return [f(q, k, v, chunk)];
  return tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(f(a, b, c, chunk)))([q, k, v]);
}

/** Process CPU time in ms (Node), or undefined in the browser. */
const cpuNow = (): number | undefined => {
  const usage = (
    globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }
  ).process?.cpuUsage?.();
  return usage ? (usage.user + usage.system) / 1000 : undefined;
};

/** Runs fn once and returns [wall ms, CPU ms (NaN where unknown)]. */
async function timeOnce(fn: () => tf.Tensor[]): Promise<[number, number]> {
  const c0 = cpuNow();
  const t0 = performance.now();
  const outs = tf.tidy(fn);
  await Promise.all(outs.map((t) => t.data()));
  const ms = performance.now() - t0;
  const c1 = cpuNow();
  tf.dispose(outs);
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

/** Benchmarks one variant and mode on one config. */
export async function benchmarkAttention(
  c: BenchConfig,
  variant: BenchVariant,
  mode: BenchMode,
): Promise<BenchRow> {
  const shape = [...c.batch, c.T, c.d];
  const [q, k, v] = [1, 2, 3].map((seed) => tf.randomNormal(shape, 0, 1, "float32", seed));
  const run = () => runOnce(variant, mode, q!, k!, v!, c.chunkSize);
  for (let i = 0; i < (c.warmups ?? 2); i++) await timeOnce(run);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < c.reps; i++) {
    const [wall, cpu] = await timeOnce(run);
    times.push(wall);
    cpuTimes.push(cpu);
  }
  const before = tf.memory().numBytes;
  const profile = await tf.profile(() => run());
  tf.dispose(profile.result as tf.Tensor[]);
  tf.dispose([q!, k!, v!]);
  const N = c.batch.reduce((a, b) => a * b, 1);
  const gflops = (attentionMatMulFlops(N, c.T, c.T, c.d, c.d) * (mode === "forward" ? 1 : 3)) / 1e9;
  const medianMs = median(times);
  return {
    label: c.label,
    batch: c.batch,
    T: c.T,
    d: c.d,
    chunkSize: c.chunkSize,
    variant,
    mode,
    medianMs,
    minMs: Math.min(...times),
    medianCpuMs: median(cpuTimes),
    reps: c.reps,
    gflops,
    gflopPerS: gflops / (medianMs / 1000),
    peakBytes: profile.peakBytes - before,
  };
}
