/**
 * Batched matrix products for attention, with a fast path for the wasm backend.
 *
 * On tfjs-backend-wasm (4.22) only a 2-D product without transposes reaches XNNPACK; batched
 * (3-D+) products and `transposeB` fall back to a slow generic loop. The "sliced" strategy
 * therefore cuts both operands into 2-D slices, multiplies slice by slice (transposing with one
 * batched Transpose where needed) and stacks the results. Its gradients are hand-written with
 * the same sliced products, oriented so that the right operand (which XNNPACK packs as
 * "weights" on every call) is always a thin [T, d] matrix, never a [T, T] one.
 * Other backends (tfjs-node, webgl, webgpu, cpu) use the plain batched `tf.matMul`.
 */
import * as tf from "@tensorflow/tfjs-core";
import { join3d, split3d } from "./wasmHeap";

export type MatMulStrategy = "batched" | "sliced";

/**
 * a [..., m, k] · b [..., k, n] → [..., m, n]; with transposeB, b is [..., n, k] and the
 * product is a·bᵀ. a and b share their leading dims.
 */
export function attentionMatMul(
  a: tf.Tensor,
  b: tf.Tensor,
  transposeB: boolean,
  strategy: MatMulStrategy,
): tf.Tensor {
  if (strategy === "batched") return tf.matMul(a, b, false, transposeB);
  if (a.rank === 2) return tf.matMul(a, transposeB ? tf.transpose(b) : b); // 2-D: XNNPACK without transposeB
  return transposeB ? slicedMatMulNT(a, b) : slicedMatMulNN(a, b);
}

/** Swaps the last two dims: [..., m, n] → [..., n, m] (as a 3-D transpose: wasm's is faster than 4-D). */
export function transposeLast2(x: tf.Tensor): tf.Tensor {
  const lead = x.shape.slice(0, -2);
  const [m, n] = x.shape.slice(-2) as [number, number];
  const N = lead.reduce((a, b) => a * b, 1);
  const t = tf.transpose(tf.reshape(x, [N, m, n]), [0, 2, 1]); // [N, n, m]
  return tf.reshape(t, [...lead, n, m]);
}

/** a [..., m, k] · b [..., k, n] → [..., m, n] as N separate 2-D products (no gradient of its own). */
function products(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const lead = a.shape.slice(0, -2);
  const [m, k] = a.shape.slice(-2) as [number, number];
  const n = b.shape[b.rank - 1]!;
  const N = lead.reduce((x, y) => x * y, 1);
  if (N === 1) return tf.reshape(tf.matMul(tf.reshape(a, [m, k]), tf.reshape(b, [k, n])), [...lead, m, n]);
  const as = split3d(tf.reshape(a, [N, m, k]) as tf.Tensor3D); // N × [m, k]
  const bs = split3d(tf.reshape(b, [N, k, n]) as tf.Tensor3D); // N × [k, n]
  const cs = as.map((ai, i) => tf.matMul(ai, bs[i]!) as tf.Tensor2D); // N × [m, n]
  return tf.reshape(join3d(cs), [...lead, m, n]);
}

/** C = a·b, a [..., m, k], b [..., k, n].  dA = dC·bᵀ, dB = aᵀ·dC. */
const slicedMatMulNN = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: products(a, b),
    gradFunc: (dc: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor, tf.Tensor];
      return [products(dc, transposeLast2(sb)), products(transposeLast2(sa), dc)];
    },
  };
});

/** C = a·bᵀ, a [..., m, k], b [..., n, k].  dA = dC·b, dB = dCᵀ·a. */
const slicedMatMulNT = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: products(a, transposeLast2(b)),
    gradFunc: (dc: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor, tf.Tensor];
      return [products(dc, sb), products(transposeLast2(dc), sa)];
    },
  };
});
