/**
 * Batches of token ids (browser-safe): padding to a rectangle, and length bucketing.
 *
 * Length bucketing (no tensors): batch examples of similar length together so a
 * batch is padded only to its own longest member. SST-2's training phrases are short (mean
 * about 9 words, max 52): padding every batch to the longest phrase would do several times the work.
 *
 * Each epoch: shuffle, sort by length (the shuffle breaks ties randomly), cut into batches, then
 * shuffle the order of the batches, so that successive steps do not sweep from short to long.
 */
import * as tf from "@tensorflow/tfjs-core";
import { mulberry32, shuffleInPlace } from "../../util/random";

/**
 * Pads id lists with padId to the longest (or to `length`, truncating longer ones) → int32 [B, T].
 * Every demo pads with this one function.
 */
export function padIds(rows: readonly (readonly number[])[], padId: number, length?: number): tf.Tensor2D {
  const T = Math.max(1, length ?? Math.max(...rows.map((r) => r.length)));
  const data = new Int32Array(rows.length * T).fill(padId);
  rows.forEach((r, b) => data.set(r.slice(0, T), b * T));
  return tf.tensor2d(data, [rows.length, T], "int32"); // [B, T]
}

/**
 * Returns the example indices of each batch for one epoch.
 * @param lengths token count of each example.
 * @param maxTokens optional cap on batchSize × longest length; long batches are made smaller to fit.
 */
export function lengthBucketedBatches(
  lengths: readonly number[],
  batchSize: number,
  seed: number,
  maxTokens = Infinity,
): number[][] {
  if (!Number.isInteger(batchSize) || batchSize <= 0)
    throw new Error(`lengthBucketedBatches: batchSize must be a positive integer, got ${batchSize}`);
  const random = mulberry32(seed);
  const order = shuffleInPlace(
    lengths.map((_, i) => i),
    random,
  );
  order.sort((a, b) => lengths[a]! - lengths[b]!); // stable: ties keep the shuffled order
  const batches: number[][] = [];
  let current: number[] = [];
  for (const i of order) {
    const longest = Math.max(lengths[i]!, current.length > 0 ? lengths[current[current.length - 1]!]! : 0);
    if (current.length >= batchSize || (current.length > 0 && (current.length + 1) * longest > maxTokens)) {
      batches.push(current);
      current = [];
    }
    current.push(i);
  }
  if (current.length > 0) batches.push(current);
  return shuffleInPlace(batches, random);
}

/** Padded tokens processed by a set of batches: Σ batch size × its longest length. */
export function paddedTokens(batches: readonly number[][], lengths: readonly number[]): number {
  return batches.reduce((n, b) => n + b.length * Math.max(...b.map((i) => lengths[i]!)), 0);
}
