/**
 * Batched matrix products for attention, with a fast path for the wasm backend.
 *
 * On tfjs-backend-wasm (4.22) only a 2-D product without transposes reaches XNNPACK; batched
 * (3-D+) products and `transposeB` fall back to a slow generic loop. The "sliced" strategy
 * therefore multiplies slice by slice on views of the stacked operands (sliceProducts.ts),
 * transposing with one batched Transpose where needed. Its gradients are hand-written with
 * the same sliced products, oriented so that the right operand (which XNNPACK packs as
 * "weights" on every call) is always a thin [T, d] matrix, never a [T, T] one.
 * Other backends (tfjs-node, webgl, webgpu, cpu) use the plain batched `tf.matMul`.
 */
import * as tf from "@tensorflow/tfjs-core";
import { sliceProducts } from "./sliceProducts";
import { transpose3d } from "./wasmHeap";

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

/** Swaps the last two dims: [..., m, n] → [..., n, m] (on wasm a JS loop over the heap: wasmHeap.ts). */
export function transposeLast2(x: tf.Tensor): tf.Tensor {
  const lead = x.shape.slice(0, -2);
  const [m, n] = x.shape.slice(-2) as [number, number];
  const N = lead.reduce((a, b) => a * b, 1);
  const t = transpose3d(tf.reshape(x, [N, m, n]) as tf.Tensor3D); // [N, n, m]
  return tf.reshape(t, [...lead, n, m]);
}

/** a [..., m, k] · b [..., k, n] → [..., m, n] as N separate 2-D products (no gradient of its own). */
function products(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const lead = a.shape.slice(0, -2);
  const [m, k] = a.shape.slice(-2) as [number, number];
  const n = b.shape[b.rank - 1]!;
  const N = lead.reduce((x, y) => x * y, 1);
  const c = sliceProducts(tf.reshape(a, [N, m, k]) as tf.Tensor3D, tf.reshape(b, [N, k, n]) as tf.Tensor3D);
  return tf.reshape(c, [...lead, m, n]);
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
