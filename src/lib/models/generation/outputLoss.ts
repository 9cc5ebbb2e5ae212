/**
 * The output layer and its softmax cross-entropy as one operation with a hand-written gradient.
 *
 * With ~6,000 characters the output layer is half of a training step's work: logits
 * z = h·Eᵀ + b are [N, V] for N = B·T positions (2048 × 6000 = 12M values at batch 32 × 64).
 * Composed from tfjs ops, the loss and its gradient pass over that matrix about a dozen times
 * (three exponentials among them: wasm's Exp kernel alone takes ~0.2 s on that matrix, its
 * Softmax kernel ~5× less), and the bias gradient is a column sum over N, a slow reduction on
 * wasm. Here:
 *
 *   forward:   z = h·Eᵀ + b (one fused product);  P = softmax(z) (one kernel, saved);
 *              nll_n = log Σ_j e^{z_nj} − z_n,t_n = max_j z_nj − ln max_j P_nj − z_n,t_n
 *   backward:  G = (P − onehot(t)) ⊙ dnll          [N, V]  (P ⊙ dnll minus dnll scattered to the targets)
 *              dh = G·E  [N, d];   dE = (hᵀ·G)ᵀ  [V, d];   db = 1ᵀ·G  [V]  (a product, not a column sum)
 *
 * E is the output weight with one row per id, [V, d]: the tied token table itself (its
 * transpose [d, V] is taken once per call for the forward product, whose right operand must be
 * untransposed on wasm).
 *
 * Browser-safe: only @tensorflow/tfjs-core.
 */
import * as tf from "@tensorflow/tfjs-core";

export interface ProjectedNll {
  /** −ln P(t_n) for each row: [N]. Differentiable w.r.t. h, E and b. */
  nll: tf.Tensor1D;
  /** 1 where the target has the largest logit (an arg-max), else 0: [N] (no gradient). */
  hits: tf.Tensor1D;
}

/**
 * −ln softmax(z)_t per row without an exponential pass of its own: logits [N, V], targets int32 [N]
 * → nll [N] (nats), plus the softmax [N, V], the target logits z_n,t_n and the row maxima [N].
 * log Σ_j e^{z_j} = z_max − ln p_max, and p_max ≥ 1/V cannot underflow (p_t could: −ln p_t would
 * then be +Infinity). No gradient of its own.
 */
export function nllOfLogits(
  logits: tf.Tensor2D,
  targets: tf.Tensor1D,
): { nll: tf.Tensor1D; probs: tf.Tensor2D; picked: tf.Tensor1D; zMax: tf.Tensor1D } {
  const [N, V] = logits.shape;
  const probs = tf.softmax(logits) as tf.Tensor2D; // [N, V]: one kernel (XNNPACK on wasm)
  const flat = tf.add(tf.mul(tf.range(0, N, 1, "int32"), tf.scalar(V, "int32")), targets); // n·V + t_n
  const picked = tf.gather(tf.reshape(logits, [-1]), flat) as tf.Tensor1D; // z_n,t_n: [N]
  const zMax = tf.max(logits, -1) as tf.Tensor1D; // [N]
  const nll = tf.sub(tf.sub(zMax, tf.log(tf.max(probs, -1))), picked) as tf.Tensor1D; // [N]
  return { nll, probs, picked, zMax };
}

/**
 * h: [N, d], rows: [V, d] (output weights, one row per id), bias: [V], targets: int32 [N]
 * → per-row negative log-likelihood in nats and arg-max hits.
 */
export function projectedNll(
  h: tf.Tensor2D,
  rows: tf.Tensor2D,
  bias: tf.Tensor1D,
  targets: tf.Tensor1D,
): ProjectedNll {
  const [N, d] = h.shape;
  const [V, dr] = rows.shape;
  if (dr !== d || bias.shape[0] !== V || targets.shape[0] !== N || targets.dtype !== "int32")
    throw new Error(
      `projectedNll: expected h [N, d], rows [V, d], bias [V], int32 targets [N]; got h [${h.shape}], ` +
        `rows [${rows.shape}], bias [${bias.shape}], targets ${targets.dtype} [${targets.shape}]`,
    );
  let hits: tf.Tensor1D | undefined;
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [h_, rows_, bias_, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const logits = tf.fused.matMul({ a: h_, b: tf.transpose(rows_), bias: bias_ }) as tf.Tensor2D; // [N, V]
    const { nll, probs, picked, zMax } = nllOfLogits(logits, targets);
    hits = tf.keep(tf.cast(tf.greaterEqual(picked, zMax), "float32") as tf.Tensor1D); // the target is an arg-max
    save([h_, rows_, probs, targets]); // targets too: the caller's scope may have ended before the backward pass
    return {
      value: nll,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sh, sRows, sProbs, sTargets] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
        // G = P ⊙ dy − onehot(t) ⊙ dy, the second term a scatter of dy into zeros: an int32 oneHot would be
        // cast to float32 over all of [N, V] (and wasm's OneHot writes int32 bits even when asked for float32).
        const at = tf.stack([tf.range(0, N, 1, "int32"), sTargets], 1); // [N, 2]: (n, t_n)
        const g = tf.sub(tf.mul(sProbs, tf.reshape(dy, [N, 1])), tf.scatterND(at, dy, [N, V])) as tf.Tensor2D; // [N, V]
        const dh = tf.matMul(g, sRows); // [N, d]
        const dRows = tf.transpose(tf.matMul(tf.transpose(sh), g)); // (hᵀ·G)ᵀ: [V, d]
        const dBias = tf.reshape(tf.matMul(tf.ones([1, N]), g), [V]); // 1ᵀ·G: [V]
        return [dh, dRows, dBias];
      },
    };
  });
  const nll = op(h, rows, bias) as tf.Tensor1D;
  return { nll, hits: hits! };
}
