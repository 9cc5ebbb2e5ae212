/**
 * Attention masks. Convention everywhere: a boolean mask is `true` where a query MAY attend
 * to a key. Masks broadcast to the scores [..., T_q, T_k]; the padding masks below have shape
 * [B, 1, 1, T], which broadcasts over heads (dim 1) and queries (dim 2).
 *
 * Internally every mask becomes an additive float "bias": 0 where allowed, MASKED_LOGIT where
 * not. A finite (not -Infinity) bias keeps the softmax and its gradient free of NaN.
 */
import * as tf from "@tensorflow/tfjs-core";
import { fmt } from "./shapes";

/** Logit given to masked keys: exp(MASKED_LOGIT − m) is exactly 0 in fp32 for any real row max m. */
export const MASKED_LOGIT = -1e30;
/** Additive mask entries at or below this (including -Infinity) count as "masked". */
export const ADDITIVE_MASK_THRESHOLD = -1e9;

/**
 * Padding mask from sequence lengths: position t of sequence b may be attended to iff
 * t < lengths[b]. Returns bool [B, 1, 1, T].
 */
export function paddingMaskFromLengths(lengths: number[], T: number): tf.Tensor4D {
  if (!Number.isInteger(T) || T < 1)
    throw new Error(`paddingMaskFromLengths: T must be an integer ≥ 1, got ${T}.`);
  lengths.forEach((n, b) => {
    if (!Number.isInteger(n) || n < 0 || n > T) {
      throw new Error(`paddingMaskFromLengths: lengths[${b}] = ${n} must be an integer in [0, T=${T}].`);
    }
  });
  return tf.tidy(() => {
    const positions = tf.reshape(tf.range(0, T, 1, "int32"), [1, T]); // [1, T]
    const lens = tf.tensor2d(lengths, [lengths.length, 1], "int32"); // [B, 1]
    return tf.reshape(tf.less(positions, lens), [lengths.length, 1, 1, T]) as tf.Tensor4D; // [B, 1, 1, T]
  });
}

/**
 * Padding mask from token ids: true where ids[b, t] !== padId. ids: int32 [B, T] → bool [B, 1, 1, T].
 */
export function paddingMaskFromIds(ids: tf.Tensor2D, padId: number): tf.Tensor4D {
  if (ids.rank !== 2) throw new Error(`paddingMaskFromIds: ids must be [B, T], got ${fmt(ids.shape)}.`);
  const [B, T] = ids.shape;
  return tf.tidy(
    () => tf.reshape(tf.notEqual(ids, tf.scalar(padId, ids.dtype)), [B, 1, 1, T]) as tf.Tensor4D,
  );
}

/**
 * Causal mask bool [T_q, T_k]: query i may attend to key j iff j ≤ i + (T_k − T_q). With
 * T_q = T_k this is the lower triangle; with T_q < T_k the queries are the LAST T_q positions
 * (as when decoding with a cache of earlier keys).
 */
export function causalMask(Tq: number, Tk: number = Tq): tf.Tensor2D {
  return causalMaskSlice(Tq, Tk, 0, Tk);
}

/** Columns [keyStart, keyStart + keyCount) of causalMask(Tq, Tk): bool [T_q, keyCount]. */
export function causalMaskSlice(Tq: number, Tk: number, keyStart: number, keyCount: number): tf.Tensor2D {
  return tf.tidy(() => {
    const i = tf.reshape(tf.range(Tk - Tq, Tk, 1, "int32"), [Tq, 1]); // last allowed key per query: [T_q, 1]
    const j = tf.reshape(tf.range(keyStart, keyStart + keyCount, 1, "int32"), [1, keyCount]); // [1, keyCount]
    return tf.lessEqual(j, i) as tf.Tensor2D; // [T_q, keyCount]
  });
}

/**
 * Turns a user mask into an additive float32 bias (same shape as the mask): a bool mask gives
 * 0 / MASKED_LOGIT; an additive mask keeps its finite values and maps entries ≤
 * ADDITIVE_MASK_THRESHOLD (e.g. -Infinity or -1e9) to MASKED_LOGIT.
 */
export function maskToBias(mask: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    if (mask.dtype === "bool") return tf.where(mask, tf.scalar(0), tf.scalar(MASKED_LOGIT));
    const allowed = tf.greater(mask, ADDITIVE_MASK_THRESHOLD);
    return tf.where(allowed, mask, tf.scalar(MASKED_LOGIT));
  });
}

/**
 * The additive bias for the scores [..., T_q, T_k] (or for key columns [keyStart, keyStart +
 * keyCount) of them): the mask's bias plus the causal bias. undefined when there is nothing to mask.
 */
export function attentionBias(
  mask: tf.Tensor | undefined,
  causal: boolean,
  Tq: number,
  Tk: number,
): tf.Tensor | undefined {
  if (!mask && !causal) return undefined;
  return tf.tidy(() => {
    let bias = mask ? maskToBias(mask) : undefined; // broadcastable to [..., T_q, T_k]
    if (causal) {
      const c = maskToBias(causalMask(Tq, Tk)); // [T_q, T_k]
      bias = bias ? tf.add(bias, c) : c;
    }
    return bias!;
  });
}

/**
 * x [..., T_k, d] (keys or values) with the rows of keys that no query may attend set to zero,
 * given the attention bias (⊑ [..., T_q, T_k], from attentionBias or maskToBias). A masked key
 * then contributes exactly zero to the outputs and the gradients even when its row holds NaN
 * or ±Infinity (a softmax weight of 0 times NaN is NaN, and so would be the whole output row).
 * Keys masked for some queries only (causal masks) are kept. The gradient w.r.t. x is zero on
 * the zeroed rows. Returns x itself when the bias does not vary along the keys.
 */
export function zeroUnattendedKeys(x: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  const Tk = x.shape[x.rank - 2]!;
  if (bias.rank === 0 || bias.shape[bias.rank - 1] !== Tk || Tk === 1) return x;
  return tf.tidy(() => {
    const b = bias.rank === 1 ? tf.reshape(bias, [1, Tk]) : bias; // [..., b_q, T_k]
    const attended = tf.greater(tf.max(b, -2, true), MASKED_LOGIT / 10); // [..., 1, T_k]
    const rows = tf.reshape(attended, [...attended.shape.slice(0, -2), Tk, 1]); // [..., T_k, 1]
    return tf.where(rows, x, tf.zerosLike(x));
  });
}
