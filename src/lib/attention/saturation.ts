/**
 * Softmax saturation, numerically: why attention divides by √d_k. Browser-safe plain arithmetic
 * (no tensors) so the site's attention explorer can recompute it on every slider move.
 *
 * For q, k ∈ ℝ^d with independent N(0, 1) components, Var(q·k) = d. Without the 1/√d scale the
 * scores spread like √d, softmax approaches one-hot, and its Jacobian diag(p) − ppᵀ goes to zero:
 * gradients vanish.
 */
import { mulberry32 } from "../util/random";

export interface SaturationOptions {
  /** Key/query dimension d_k. */
  dk: number;
  /** Number of keys each query attends over. */
  keys: number;
  /** Divide scores by √d_k (the Transformer's choice). */
  scaled: boolean;
  /** Softmax temperature τ: weights = softmax(scores / τ). */
  temperature: number;
  /** Random queries averaged over. */
  trials?: number;
  seed?: number;
}

export interface SaturationStats {
  /** Attention weights of the first random query: [keys]. */
  example: number[];
  /** Scores (after scaling and temperature) of the first query: [keys]. */
  exampleScores: number[];
  /** Mean over trials of the largest weight (1 = one-hot). */
  meanMaxWeight: number;
  /** Mean entropy of the weights divided by log(keys) (1 = uniform, 0 = one-hot). */
  meanNormalizedEntropy: number;
  /** Mean Frobenius norm of the softmax Jacobian ∂p/∂s (0 = no gradient flows). */
  meanJacobianNorm: number;
  /** Standard deviation of the scores over all trials (≈ √d_k unscaled, ≈ 1 scaled, before τ). */
  scoreStd: number;
}

/** Standard normal samples from a uniform generator (Box–Muller). */
function normal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Numerically stable softmax of a plain array. */
export function softmaxArray(scores: number[]): number[] {
  const max = Math.max(...scores);
  const e = scores.map((s) => Math.exp(s - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** ‖diag(p) − ppᵀ‖_F, expanded: Σp² − 2Σp³ + (Σp²)². */
export function softmaxJacobianNorm(p: number[]): number {
  let s2 = 0;
  let s3 = 0;
  for (const v of p) {
    s2 += v * v;
    s3 += v * v * v;
  }
  return Math.sqrt(Math.max(0, s2 - 2 * s3 + s2 * s2));
}

export function saturationStats(options: SaturationOptions): SaturationStats {
  const { dk, keys, scaled, temperature, trials = 200, seed = 1 } = options;
  if (!(dk >= 1 && keys >= 2 && temperature > 0)) {
    throw new Error(
      `saturationStats: need dk ≥ 1, keys ≥ 2, temperature > 0 (got dk=${dk}, keys=${keys}, τ=${temperature})`,
    );
  }
  const random = mulberry32(seed);
  const scale = (scaled ? 1 / Math.sqrt(dk) : 1) / temperature;
  let maxSum = 0;
  let entropySum = 0;
  let jacobianSum = 0;
  let raw2 = 0;
  let example: number[] = [];
  let exampleScores: number[] = [];
  for (let t = 0; t < trials; t++) {
    const q = Array.from({ length: dk }, () => normal(random)); // q: [d_k]
    const scores = Array.from({ length: keys }, () => {
      let dot = 0;
      for (let j = 0; j < dk; j++) dot += q[j]! * normal(random);
      raw2 += (dot * (scaled ? 1 / Math.sqrt(dk) : 1)) ** 2;
      return dot * scale;
    }); // scores: [keys]
    const p = softmaxArray(scores);
    if (t === 0) {
      example = p;
      exampleScores = scores;
    }
    maxSum += Math.max(...p);
    entropySum += -p.reduce((h, v) => (v > 0 ? h + v * Math.log(v) : h), 0) / Math.log(keys);
    jacobianSum += softmaxJacobianNorm(p);
  }
  return {
    example,
    exampleScores,
    meanMaxWeight: maxSum / trials,
    meanNormalizedEntropy: entropySum / trials,
    meanJacobianNorm: jacobianSum / trials,
    scoreStd: Math.sqrt(raw2 / (trials * keys)),
  };
}
