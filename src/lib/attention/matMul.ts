/**
 * Batched matrix products for attention, with a fast path for the wasm backend.
 *
 * On tfjs-backend-wasm (4.22) only a 2-D product without transposes reaches XNNPACK; batched
 * (3-D+) products and `transposeB` fall back to a slow generic loop. The "sliced" strategy
 * therefore transposes B once, cuts both operands into 2-D slices, multiplies slice by slice
 * and stacks the results; its gradient (a custom one) is built from the same sliced products.
 * Other backends (tfjs-node, webgl, webgpu, cpu) use the plain batched `tf.matMul`.
 */
import * as tf from "@tensorflow/tfjs-core";

export type MatMulStrategy = "batched" | "sliced";

/**
 * a [..., m, n] · b [..., n, p] → [..., m, p]  (with transposeB: b is [..., p, n]).
 * a and b must share their leading dims.
 */
export function attentionMatMul(
  a: tf.Tensor,
  b: tf.Tensor,
  transposeB: boolean,
  strategy: MatMulStrategy,
): tf.Tensor {
  if (strategy === "batched" || a.rank === 2) return tf.matMul(a, b, false, transposeB);
  const bNN = transposeB ? transposeLast2(b) : b; // [..., n, p]
  return slicedMatMul(a, bNN);
}

/** Swaps the last two dims: [..., m, n] → [..., n, m]. */
export function transposeLast2(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, i) => i);
  perm[x.rank - 2] = x.rank - 1;
  perm[x.rank - 1] = x.rank - 2;
  return tf.transpose(x, perm);
}

/**
 * Splits x [N, m, n] into N tensors [m, n]. tf.unstack on wasm copies the WHOLE input once per
 * slice (Slice reads the full buffer), which is quadratic in N; a gather per slice reads only
 * its own rows but costs a kernel call each. Unstack wins for few slices.
 */
function split3d(x: tf.Tensor3D): tf.Tensor2D[] {
  const [N, m, n] = x.shape;
  if (N <= UNSTACK_MAX_SLICES) return tf.unstack(x) as tf.Tensor2D[];
  const out: tf.Tensor2D[] = [];
  for (let i = 0; i < N; i++) {
    out.push(tf.reshape(tf.gather(x, tf.scalar(i, "int32"), 0), [m, n]));
  }
  return out;
}
const UNSTACK_MAX_SLICES = 16;

/** [N, m, n] · [N, n, p] → [N, m, p] as N separate 2-D products (no gradient of its own). */
function sliceProducts(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  if (a.shape[0] === 1) {
    const [, m, n] = a.shape;
    const p = b.shape[2];
    return tf.reshape(tf.matMul(tf.reshape(a, [m, n]), tf.reshape(b, [n, p])), [1, m, p]);
  }
  const as = split3d(a); // N × [m, n]
  const bs = split3d(b); // N × [n, p]
  return tf.stack(as.map((ai, i) => tf.matMul(ai, bs[i]!))) as tf.Tensor3D; // [N, m, p]
}

/** a [..., m, n] · b [..., n, p] → [..., m, p] slice by slice, with a sliced backward pass. */
const slicedMatMul = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([a, b]);
  const lead = a.shape.slice(0, -2);
  const [m, n] = a.shape.slice(-2) as [number, number];
  const p = b.shape[b.rank - 1]!;
  const N = lead.reduce((x, y) => x * y, 1);
  const a3 = tf.reshape(a, [N, m, n]) as tf.Tensor3D;
  const b3 = tf.reshape(b, [N, n, p]) as tf.Tensor3D;
  const value = tf.reshape(sliceProducts(a3, b3), [...lead, m, p]); // [..., m, p]
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor, tf.Tensor];
      const dy3 = tf.reshape(dy, [N, m, p]) as tf.Tensor3D; // dC: [N, m, p]
      const aT = tf.reshape(transposeLast2(sa), [N, n, m]) as tf.Tensor3D; // aᵀ: [N, n, m]
      const bT = tf.reshape(transposeLast2(sb), [N, p, n]) as tf.Tensor3D; // bᵀ: [N, p, n]
      const da = tf.reshape(sliceProducts(dy3, bT), sa.shape); // dA = dC·bᵀ: [..., m, n]
      const db = tf.reshape(sliceProducts(aT, dy3), sb.shape); // dB = aᵀ·dC: [..., n, p]
      return [da, db];
    },
  };
});
