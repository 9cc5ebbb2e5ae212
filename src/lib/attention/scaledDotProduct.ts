/**
 * Scaled dot-product attention: softmax(Q·Kᵀ/√d_k + mask)·V.
 *
 * FIRST VERSION (plain composition). The attention-core work replaces the body with the
 * fast wasm path and full validation; the signature below is the contract other modules use.
 */
import * as tf from "@tensorflow/tfjs-core";

export interface AttentionOptions {
  /**
   * Boolean mask (true = may attend) or additive float mask (0 or -Infinity/-1e9 style),
   * broadcastable to [..., T_q, T_k].
   */
  mask?: tf.Tensor;
  /** Forbid attending to later positions (query t sees keys ≤ t + (T_k - T_q)). */
  causal?: boolean;
  /** Dropout rate on the attention weights (training only; 0 = off). */
  dropout?: number;
  /** Seed for the dropout mask. */
  seed?: number;
  /** Also return the attention weights [..., T_q, T_k]. */
  returnWeights?: boolean;
}

export interface AttentionResult {
  /** [..., T_q, d_v] */
  output: tf.Tensor;
  /** [..., T_q, T_k], only when returnWeights is set. */
  weights?: tf.Tensor;
}

/**
 * q: [..., T_q, d_k], k: [..., T_k, d_k], v: [..., T_k, d_v] → output [..., T_q, d_v].
 */
export function scaledDotProductAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  options: AttentionOptions = {},
): AttentionResult {
  return tf.tidy(() => {
    const dk = q.shape[q.rank - 1]!;
    const Tq = q.shape[q.rank - 2]!;
    const Tk = k.shape[k.rank - 2]!;
    let scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(dk)); // [..., T_q, T_k]
    let allowed: tf.Tensor | undefined;
    if (options.mask) {
      allowed = options.mask.dtype === "bool" ? options.mask : undefined;
      if (!allowed) scores = tf.add(scores, options.mask);
    }
    if (options.causal) {
      const causal = tf.cast(tf.linalg.bandPart(tf.ones([Tq, Tk]), -1, Tk - Tq), "bool");
      allowed = allowed ? tf.logicalAnd(allowed, causal) : causal;
    }
    if (allowed) scores = tf.where(allowed, scores, tf.fill(scores.shape, -Infinity));
    // Stable softmax; rows with every key masked give zeros instead of NaN.
    const rowMax = tf.max(scores, -1, true);
    const safeMax = tf.where(tf.isFinite(rowMax), rowMax, tf.zerosLike(rowMax));
    const e = tf.exp(tf.sub(scores, safeMax));
    const sum = tf.sum(e, -1, true);
    let weights = tf.div(e, tf.maximum(sum, 1e-30));
    if (options.dropout && options.dropout > 0)
      weights = tf.dropout(weights, options.dropout, undefined, options.seed);
    const output = tf.matMul(weights, v);
    return options.returnWeights ? { output, weights } : { output };
  });
}
