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

/** Backends whose tensors live in CPU memory: reading one number from them costs no GPU stall. */
const HOST_MEMORY_BACKENDS = new Set(["cpu", "wasm", "tensorflow"]);

/**
 * Keys k [..., T_k, d_k] and values v [..., T_k, d_v] with the rows of keys that no query may attend
 * set to zero, given the attention bias (⊑ [..., T_q, T_k], from attentionBias or maskToBias). A
 * masked key then contributes exactly zero to the outputs and the gradients even when its row holds
 * NaN or ±Infinity (a softmax weight of 0 times NaN is NaN, and so would be the whole output row).
 * Keys masked for some queries only (causal masks) are kept. The gradient w.r.t. k and v is zero on
 * the zeroed rows. Returns k and v themselves when the bias does not vary along the keys, and, where
 * tensors live in CPU memory, when every key is attended by some query (a causal mask: the last
 * query sees all keys). That one read of T_k booleans (for k and v together) spares a GPT training
 * step on wasm a broadcast of the mask to [B, h, T, d] (tf.where tiles its condition) and a select,
 * twice per layer and again in the gradient.
 */
export function zeroUnattendedKeys(
  k: tf.Tensor,
  v: tf.Tensor,
  bias: tf.Tensor,
): { keys: tf.Tensor; values: tf.Tensor } {
  const Tk = k.shape[k.rank - 2]!;
  const unchanged = { keys: k, values: v };
  if (bias.rank === 0 || bias.shape[bias.rank - 1] !== Tk || Tk === 1) return unchanged;
  const attended = tf.tidy(() => {
    const b = bias.rank === 1 ? tf.reshape(bias, [1, Tk]) : bias; // [..., b_q, T_k]
    return tf.greater(tf.max(b, -2, true), MASKED_LOGIT / 10); // [..., 1, T_k]
  });
  if (HOST_MEMORY_BACKENDS.has(tf.getBackend()) && attended.dataSync().every((a) => a)) {
    attended.dispose();
    return unchanged;
  }
  return tf.tidy(() => {
    const rows = tf.reshape(attended, [...attended.shape.slice(0, -2), Tk, 1]); // [..., T_k, 1]
    attended.dispose();
    return { keys: tf.where(rows, k, tf.zerosLike(k)), values: tf.where(rows, v, tf.zerosLike(v)) };
  });
}

/** Whether a bias (⊑ [..., T_q, T_k]) masks some keys for some queries only (a causal mask does). */
export function variesAlongQueries(bias: tf.Tensor | undefined): boolean {
  return bias !== undefined && bias.rank >= 2 && bias.shape[bias.rank - 2]! > 1;
}

/**
 * false only when every entry of k and v is known to be finite. Where tensors live in CPU memory
 * (cpu, wasm, tfjs-node) it reads one number, sum(k) + sum(v), which is finite when every entry is
 * (a sum that overflows answers true: that only costs the exact path of isolateNonFiniteKeys).
 * Elsewhere (webgl, webgpu) reading would stall the GPU pipeline, so it answers true unread.
 */
export function mayHoldNonFinite(k: tf.Tensor, v: tf.Tensor): boolean {
  if (!HOST_MEMORY_BACKENDS.has(tf.getBackend())) return true;
  const sum = tf.tidy(() => tf.add(tf.sum(k), tf.sum(v)));
  const value = sum.dataSync()[0]!;
  sum.dispose();
  return !Number.isFinite(value);
}

export interface IsolatedKeys {
  /** k [..., T_k, d_k] with its non-finite entries set to zero. */
  keys: tf.Tensor;
  /** v [..., T_k, d_v] with its non-finite entries set to zero. */
  values: tf.Tensor;
  /**
   * [..., T_q or 1, 1]: NaN for the queries that may attend a key whose key or value row holds a
   * non-finite entry, 0 for the others. Added to the attention output (a constant: no gradient).
   */
  poison: tf.Tensor;
}

/**
 * Keys masked for some queries only (causal masks) cannot be zeroed like zeroUnattendedKeys does:
 * later queries attend them. A NaN or ±∞ in such a key or value row would still reach the queries
 * it is masked for, through NaN + bias = NaN in the scores and 0·NaN = NaN in weights·V (and in the
 * gradient dS·K). So the products run on copies of k and v whose non-finite entries are zero, and
 * the queries that may attend such a row get NaN added to their output (`poison`): an attended NaN
 * is not silently repaired, a masked one contributes exactly zero, and gradients stay finite for a
 * loss that reads only the queries that do not attend it (and are NaN for one that reads a query that does).
 * maskBias (⊑ [..., T_q, T_k], from maskToBias or attentionBias) and `causal` (key j allowed for
 * query i iff j ≤ i + T_k − T_q) say which keys each query may attend; the causal part is never
 * built as a [T_q, T_k] tensor when the mask bias does not vary along the queries.
 */
export function isolateNonFiniteKeys(
  k: tf.Tensor,
  v: tf.Tensor,
  maskBias: tf.Tensor | undefined,
  causal: boolean,
  Tq: number,
): IsolatedKeys {
  return tf.tidy(() => ({
    keys: finiteOrZero(k),
    values: finiteOrZero(v),
    poison: poisonOp(maskBias, causal, Tq)(k, v),
  }));
}

/**
 * x with its non-finite entries set to zero; the gradient is zero there. A customGrad: the
 * isFinite test has no gradient of its own and must stay off the gradient tape.
 */
const finiteOrZero = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const finite = tf.isFinite(x);
  save([finite]);
  return {
    value: tf.where(finite, x, tf.zerosLike(x)),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.where(saved[0]!, dy, tf.zerosLike(dy)),
  };
});

/** IsolatedKeys.poison of (k, v) as a constant (zero gradient), for the given mask bias and causality. */
function poisonOp(maskBias: tf.Tensor | undefined, causal: boolean, Tq: number) {
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [k, v, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const Tk = k.shape[k.rank - 2]!;
    const rowFinite = tf.logicalAnd(tf.all(tf.isFinite(k), -1), tf.all(tf.isFinite(v), -1)); // [..., T_k]
    // 1 for each (query, key) pair a query may attend whose key is not finite: ⊑ [..., T_q, T_k]
    let bad = tf.reshape(tf.cast(tf.logicalNot(rowFinite), "float32"), [...k.shape.slice(0, -2), 1, Tk]);
    if (maskBias) bad = tf.mul(bad, tf.cast(tf.greater(maskBias, MASKED_LOGIT / 10), "float32"));
    let count: tf.Tensor; // [..., T_q or 1, 1]
    if (causal && bad.shape[bad.rank - 2] === 1 && Tq <= Tk) {
      // Bad keys ≤ j for every j, read at each query's last allowed key j = i + T_k − T_q.
      const lead = bad.shape.slice(0, -2);
      const upTo = tf.reshape(tf.cumsum(tf.reshape(bad, [-1, Tk]), 1), [...lead, 1, Tk]); // [..., 1, T_k]
      const atQueries = tf.slice(upTo, [...lead.map(() => 0), 0, Tk - Tq], [...lead, 1, Tq]); // [..., 1, T_q]
      count = tf.reshape(atQueries, [...lead, Tq, 1]);
    } else {
      if (causal) bad = tf.mul(bad, tf.cast(causalMask(Tq, Tk), "float32")); // [..., T_q, T_k]
      count = tf.sum(bad, -1, true);
    }
    const poisoned = tf.greater(count, 0); // [..., T_q, 1]
    save([k, v, poisoned]);
    return {
      value: tf.where(poisoned, tf.fill(count.shape, NaN), tf.zerosLike(count)),
      // Zero, unless the loss reads a query that attends a bad row: then NaN, as without the
      // isolation (the attended NaN must not be repaired in the gradient either).
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [kSaved, vSaved, poisonedSaved] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const read = tf.any(tf.notEqual(tf.where(poisonedSaved, dy, tf.zerosLike(dy)), 0)); // NaN ≠ 0 too
        const g = tf.where(read, tf.scalar(NaN), tf.scalar(0));
        return [kSaved, vSaved].map((t) => tf.add(tf.zerosLike(t), g));
      },
    };
  });
}
