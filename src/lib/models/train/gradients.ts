/**
 * Gradient registrations for training with tfjs-core (browser-safe).
 *
 * tfjs-core's own gradients are registered elsewhere (backend/gradients.ts in Node; in a browser
 * bundle "@tensorflow/tfjs-core/dist/register_all_gradients"); if they come later they overwrite
 * this one, so the training loop re-registers it at the start of each run.
 *
 * 1. Replace the gradient of BatchMatMul (every tf.matMul) with one that transposes operands
 *    explicitly and then multiplies without transpose flags. The stock gradient calls
 *    matMul(dy, b, false, true) and matMul(a, dy, true, false); on the wasm backend (tfjs 4.22) the
 *    transposed forms take a slow path. Measured here on a Dense layer's shapes ([768, 64]·[64, 64]):
 *    about 1.7 ms per transposed product against 0.2 ms for transpose + plain product, which made a
 *    training step of the sentiment model about 2.5× faster. The values are identical (same sums).
 * 2. Replace the gradients of Sum and Mean (LayerNorm's moments, the losses): the stock ones
 *    multiply dy by ones(x.shape), an array filled element by element in JavaScript (4 % of a GPT
 *    training step on wasm); onesLike is one native fill there, and gives the same values.
 * 3. On wasm, share the data in the Identity kernel (wasmIdentity.ts).
 */
import * as tf from "@tensorflow/tfjs-core";
import { shareIdentityOnWasm } from "./wasmIdentity";

/** Swaps the last two axes: [..., m, n] → [..., n, m]. */
function swapLast(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, i) => i);
  const r = x.rank;
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return tf.transpose(x, perm);
}

/** matMul(x, y, tx, ty) computed as transpose-then-plain-matMul. */
function plainMatMul(x: tf.Tensor, y: tf.Tensor, tx: boolean, ty: boolean): tf.Tensor {
  return tf.matMul(tx ? swapLast(x) : x, ty ? swapLast(y) : y);
}

/** The BatchMatMul gradient: transpose explicitly, then multiply without transpose flags. */
const batchMatMulGradient: tf.GradConfig = {
  kernelName: "BatchMatMul",
  inputsToSave: ["a", "b"],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs?: tf.NamedAttrMap) => {
    const g = dy as tf.Tensor;
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    const { transposeA, transposeB } = (attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    if (!transposeA && !transposeB)
      return { a: () => plainMatMul(g, b, false, true), b: () => plainMatMul(a, g, true, false) };
    if (!transposeA && transposeB)
      return { a: () => plainMatMul(g, b, false, false), b: () => plainMatMul(g, a, true, false) };
    if (transposeA && !transposeB)
      return { a: () => plainMatMul(b, g, false, true), b: () => plainMatMul(a, g, false, false) };
    return { a: () => plainMatMul(b, g, true, true), b: () => plainMatMul(g, a, true, true) };
  },
};

/** Axes a reduction's `axis` attribute names (null or absent: all), as non-negative indices. */
function reducedAxes(axis: unknown, rank: number): number[] {
  if (axis === null || axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = Array.isArray(axis) ? (axis as number[]) : [axis as number];
  return list.map((a) => (a < 0 ? a + rank : a));
}

/** Sum and Mean gradients: dx = dy broadcast back over the reduced axes (÷ their size for Mean). */
function reductionGradient(kernelName: "Sum" | "Mean"): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ["x"],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs?: tf.NamedAttrMap) => {
      const [x] = saved as [tf.Tensor];
      const axes = reducedAxes(attrs?.axis, x.rank);
      const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d)); // dy with its reduced axes as 1s
      const count = axes.reduce((n, a) => n * x.shape[a]!, 1);
      const g = tf.cast(dy as tf.Tensor, "float32");
      const scaled = kernelName === "Mean" ? tf.div(g, count) : g;
      // × onesLike(x), a native fill on wasm: broadcastTo (its Tile kernel) is slower there than the JS ones.
      return { x: () => tf.mul(tf.reshape(scaled, kept), tf.onesLike(x)) };
    },
  };
}

const trainingGradients = [batchMatMulGradient, reductionGradient("Sum"), reductionGradient("Mean")];

/**
 * Registers the gradients above unless they are already the registered ones, and wasm's shared
 * Identity. Called at the start of every training run, so they also win when tfjs's own gradients
 * were registered after this module was imported (they would have replaced them).
 */
export function registerTrainingGradients(): void {
  for (const g of trainingGradients) if (tf.getGradient(g.kernelName) !== g) tf.registerGradient(g);
  shareIdentityOnWasm();
}
