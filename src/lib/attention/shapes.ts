/**
 * Shape checks shared by the attention functions. Every error names the shapes it saw and
 * says what was expected, so a wrong reshape upstream is found from the message alone.
 */
import type * as tf from "@tensorflow/tfjs-core";

/** Shapes of one attention call, read from q [..., T_q, d_k], k [..., T_k, d_k], v [..., T_k, d_v]. */
export interface AttentionShapes {
  /** Leading (batch, head) dims shared by q, k and v; [] for plain 2-D inputs. */
  batchShape: number[];
  /** Product of batchShape (1 when there are no leading dims). */
  batchSize: number;
  Tq: number;
  Tk: number;
  dk: number;
  dv: number;
}

export const fmt = (shape: readonly number[]): string => `[${shape.join(",")}]`;

/**
 * Validates q, k, v (and an optional mask) for attention and returns their dimensions.
 * Throws an Error naming all shapes when ranks differ, d_k or T_k disagree, leading dims
 * differ, or the mask does not broadcast to [..., T_q, T_k].
 */
export function checkAttentionInputs(
  fn: string,
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  mask?: tf.Tensor,
): AttentionShapes {
  const shapes = `q ${fmt(q.shape)}, k ${fmt(k.shape)}, v ${fmt(v.shape)}`;
  if (q.rank < 2 || k.rank !== q.rank || v.rank !== q.rank) {
    throw new Error(
      `${fn}: q, k and v must have the same rank ≥ 2 ([..., T_q, d_k], [..., T_k, d_k], [..., T_k, d_v]); got ${shapes}.`,
    );
  }
  for (const [name, t] of [
    ["q", q],
    ["k", k],
    ["v", v],
  ] as const) {
    if (t.dtype !== "float32") throw new Error(`${fn}: ${name} must be float32, got ${t.dtype} (${shapes}).`);
  }
  const r = q.rank;
  const dk = q.shape[r - 1]!;
  const Tq = q.shape[r - 2]!;
  const Tk = k.shape[r - 2]!;
  const dv = v.shape[r - 1]!;
  if (k.shape[r - 1] !== dk) {
    throw new Error(
      `${fn}: d_k mismatch: the last dim of q (${dk}) must equal the last dim of k (${k.shape[r - 1]}); got ${shapes}.`,
    );
  }
  if (v.shape[r - 2] !== Tk) {
    throw new Error(
      `${fn}: T_k mismatch: k and v must have the same number of keys (dim -2): k has ${Tk}, v has ${v.shape[r - 2]}; got ${shapes}.`,
    );
  }
  const batchShape = q.shape.slice(0, r - 2);
  const sameBatch = (t: tf.Tensor) => t.shape.slice(0, r - 2).every((d, i) => d === batchShape[i]);
  if (!sameBatch(k) || !sameBatch(v)) {
    throw new Error(
      `${fn}: q, k and v must share their leading (batch/head) dims ${fmt(batchShape)}; got ${shapes}.`,
    );
  }
  if (mask) checkMaskShape(fn, mask, [...batchShape, Tq, Tk], shapes);
  const batchSize = batchShape.reduce((a, b) => a * b, 1);
  return { batchShape, batchSize, Tq, Tk, dk, dv };
}

/** Throws unless `mask` broadcasts (numpy rules, aligned from the right) to `target`. */
export function checkMaskShape(fn: string, mask: tf.Tensor, target: number[], context = ""): void {
  const ok =
    mask.rank <= target.length &&
    mask.shape.every((d, i) => {
      const t = target[target.length - mask.rank + i]!;
      return d === 1 || d === t;
    });
  if (!ok) {
    throw new Error(
      `${fn}: mask ${fmt(mask.shape)} is not broadcastable to [..., T_q, T_k] = ${fmt(target)}` +
        `${context ? ` (${context})` : ""}; each mask dim, aligned from the right, must be 1 or equal the target dim.`,
    );
  }
  if (mask.dtype !== "bool" && mask.dtype !== "float32") {
    throw new Error(`${fn}: mask must be bool (true = may attend) or float32 (additive), got ${mask.dtype}.`);
  }
}
