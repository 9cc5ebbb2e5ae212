/**
 * Choosing the next character from the model's logits: greedy, temperature, top-k and top-p
 * (nucleus; Holtzman et al. 2020), seeded with the library's mulberry32 so that the same seed
 * gives the same poem (on the same backend: the logits themselves may differ in the last bits
 * between backends).
 *
 * The pipeline, on one row of logits z ∈ ℝ^V:
 *   temperature 0            → arg-max (greedy; ties go to the lowest id)
 *   otherwise  p ∝ exp(z / T);  keep the k most probable ids (top-k);
 *              then the smallest set of the most probable ids whose mass reaches p (top-p);
 *              renormalise what is kept and draw one id with a uniform number from the generator.
 *
 * Plain arrays (no tensors): one row of 6,000 logits is read back per step anyway.
 * Browser-safe.
 */

export interface SamplingOptions {
  /** Divides the logits before the softmax (default 1). 0 = greedy (arg-max). Must be ≥ 0. */
  temperature?: number;
  /** Keep only the k most probable ids (default: all). Integer ≥ 1. */
  topK?: number;
  /** Keep the smallest set of most probable ids whose probability reaches p (default 1 = all). In (0, 1]. */
  topP?: number;
}

/** Throws a clear error for an invalid option, naming it and the accepted values. */
export function validateSamplingOptions(options: SamplingOptions): void {
  const { temperature, topK, topP } = options;
  if (temperature !== undefined && !(Number.isFinite(temperature) && temperature >= 0))
    throw new Error(`temperature must be a number ≥ 0 (0 = greedy), got ${String(temperature)}`);
  if (topK !== undefined && !(Number.isInteger(topK) && topK >= 1))
    throw new Error(`top-k must be an integer ≥ 1, got ${String(topK)}`);
  if (topP !== undefined && !(topP > 0 && topP <= 1))
    throw new Error(`top-p must be in (0, 1], got ${String(topP)}`);
}

/** Index of the largest value (the first one on ties). -Infinity entries are never chosen over a finite one. */
export function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

export interface CandidateSet {
  /** Kept ids: most probable first (ties by id) with top-k or top-p, else in id order. */
  ids: number[];
  /** Their probabilities after filtering and renormalising (sum 1). */
  probs: number[];
}

/**
 * The distribution `sampleToken` draws from: the kept ids and their renormalised probabilities.
 * Greedy (temperature 0) keeps the single arg-max. Ids whose logit is -Infinity (masked, e.g. by
 * a form constraint) are never kept.
 */
export function candidateSet(logits: ArrayLike<number>, options: SamplingOptions = {}): CandidateSet {
  validateSamplingOptions(options);
  const V = logits.length;
  if (V === 0) throw new Error("candidateSet: empty logits");
  const temperature = options.temperature ?? 1;
  if (temperature === 0) return { ids: [argMax(logits)], probs: [1] };
  let max = -Infinity;
  for (let i = 0; i < V; i++) {
    if (Number.isNaN(logits[i])) throw new Error(`candidateSet: logit of id ${i} is NaN`);
    max = Math.max(max, logits[i]!);
  }
  if (max === -Infinity) throw new Error("candidateSet: every id is masked (all logits are -Infinity)");
  // Unnormalised probabilities in float64: exp((z − max) / T); masked (-Infinity) ids drop out.
  const ids: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < V; i++) {
    if (logits[i]! === -Infinity) continue;
    ids.push(i);
    weights.push(Math.exp((logits[i]! - max) / temperature));
  }
  const order = ids.map((_, j) => j);
  const sortByWeight = () => order.sort((a, b) => weights[b]! - weights[a]! || ids[a]! - ids[b]!);
  const topK = options.topK ?? V;
  const topP = options.topP ?? 1;
  let kept = order;
  if (options.topK !== undefined || topP < 1) {
    sortByWeight();
    if (topK < kept.length) kept = kept.slice(0, topK);
    if (topP < 1) {
      const total = kept.reduce((s, j) => s + weights[j]!, 0);
      let mass = 0;
      let m = 0;
      // Smallest prefix whose mass reaches p (a relative 1e-12 forgives rounding in the running sum).
      while (m < kept.length && mass < topP * total * (1 - 1e-12)) mass += weights[kept[m++]!]!;
      kept = kept.slice(0, Math.max(1, m));
    }
  }
  const total = kept.reduce((s, j) => s + weights[j]!, 0);
  return { ids: kept.map((j) => ids[j]!), probs: kept.map((j) => weights[j]! / total) };
}

/**
 * Draws the next id from one row of logits with the given options and uniform generator
 * (e.g. mulberry32(seed)). Greedy never calls the generator.
 */
export function sampleToken(
  logits: ArrayLike<number>,
  options: SamplingOptions,
  random: () => number,
): number {
  if ((options.temperature ?? 1) === 0) {
    validateSamplingOptions(options);
    return argMax(logits);
  }
  const { ids, probs } = candidateSet(logits, options);
  const u = random();
  let cumulative = 0;
  for (let j = 0; j < ids.length; j++) {
    cumulative += probs[j]!;
    if (u < cumulative) return ids[j]!;
  }
  return ids[ids.length - 1]!; // u within rounding of 1
}
