/**
 * Scaled dot-product attention: softmax(Q·Kᵀ/√d_k + mask)·V  (Vaswani et al., 2017).
 *
 * The math is the plain composition; two engineering choices make it safe and fast:
 * - masks become a finite additive bias (masks.ts) and the softmax has a hand-written gradient,
 *   so a query whose keys are ALL masked gets zero weights, zero output and zero gradient,
 *   never NaN; the key and value rows of keys that no query may attend are zeroed first, so
 *   they contribute exactly zero even when they hold NaN; keys masked for some queries only
 *   (causal masks) are checked for NaN/∞ (one number read on CPU backends) and, when they hold
 *   any, isolated (masks.ts isolateNonFiniteKeys), so they reach only the queries that attend them;
 * - on the wasm backend, without dropout and returned weights, the whole attention is one
 *   WebAssembly SIMD kernel (fusedAttentionKernel.ts, via slicedAttention.ts) at every shape: it was
 *   faster than the tfjs paths everywhere measured, from decoding (one query) to T = 1024; otherwise
 *   the products avoid the backend's slow batched/transposed kernels by slicing (attentionMatMul,
 *   matMul.ts).
 */
import * as tf from "@tensorflow/tfjs-core";
import {
  attentionBias,
  isolateNonFiniteKeys,
  MASKED_LOGIT,
  mayHoldNonFinite,
  variesAlongQueries,
  zeroUnattendedKeys,
} from "./masks";
import type { MatMulStrategy } from "./matMul";
import { attentionMatMul } from "./matMul";
import { fusedAttentionKernel } from "./fusedAttentionKernel";
import { slicedAttention } from "./slicedAttention";
import type { AttentionShapes } from "./shapes";
import { checkAttentionInputs } from "./shapes";

export interface AttentionOptions {
  /**
   * Boolean mask (true = may attend) or additive float32 mask (added to the scores; entries
   * ≤ -1e9, e.g. -Infinity, count as masked), broadcastable to [..., T_q, T_k].
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
  /**
   * How the batched products run: "auto" (default) runs the WebAssembly kernel on the wasm backend
   * when there is no dropout and no returned weights, and otherwise picks by backend and shape (see
   * chooseMatMulStrategy); "batched" is tf.matMul; "sliced" is the kernel, or 2-D products per
   * batch slice where the kernel cannot run.
   */
  strategy?: "auto" | MatMulStrategy;
}

export interface AttentionResult {
  /** [..., T_q, d_v] */
  output: tf.Tensor;
  /** [..., T_q, T_k], only when returnWeights is set. */
  weights?: tf.Tensor;
}

/**
 * Picks the product strategy. Only wasm has a slow batched kernel; there, slicing pays off when
 * each slice's products are large enough to amortise the per-slice kernel calls: from T_q and
 * T_k ≥ 32 (sliced was faster from T = 32 and slower below; the measurements are in
 * data/bench/matmul-strategy-wasm.md).
 * One slice (no batch dims) is always a plain 2-D product.
 */
export function chooseMatMulStrategy(
  backend: string,
  s: Pick<AttentionShapes, "batchSize" | "Tq" | "Tk" | "dk" | "dv">,
): MatMulStrategy {
  if (backend !== "wasm") return "batched";
  return s.batchSize === 1 || Math.min(s.Tq, s.Tk) >= SLICED_MIN_T ? "sliced" : "batched";
}
/** Queries and keys per slice from which the wasm backend slices. */
const SLICED_MIN_T = 32;

/**
 * Softmax over the last axis with a hand-written gradient. Rows whose max is ≤ MASKED_LOGIT/10
 * (every key masked) give all-zero weights and zero gradient.
 * scores [..., T_q, T_k] → weights [..., T_q, T_k]
 */
export function maskedSoftmax(scores: tf.Tensor): tf.Tensor {
  return maskedSoftmaxOp(scores);
}

const maskedSoftmaxOp = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [scores, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const valid = validRows(scores); // [..., T_q, 1]
  const weights = tf.mul(tf.softmax(scores), valid); // [..., T_q, T_k]; tf.softmax subtracts the row max
  save([weights]);
  return {
    value: weights,
    // dS = P ⊙ (dP − Σ_j dP ⊙ P): zero wherever P is zero (masked keys, fully masked rows).
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const p = saved[0]!;
      return tf.mul(p, tf.sub(dy, tf.sum(tf.mul(dy, p), -1, true)));
    },
  };
});

/**
 * A mask bias broadcastable to [...batch, T_q, T_k] → [N or 1, 1 or T_q, 1 or T_k] for slicedAttention:
 * broadcast over the batch dims only where it varies along them (a causal mask stays one [T_q, T_k]).
 */
function biasPerSlice(bias: tf.Tensor, batchShape: number[]): tf.Tensor3D {
  const rank = batchShape.length + 2;
  const shape = [...Array<number>(rank - bias.rank).fill(1), ...bias.shape]; // aligned from the right
  const [bq, bk] = shape.slice(-2) as [number, number];
  if (shape.slice(0, -2).every((d) => d === 1)) return tf.reshape(bias, [1, bq, bk]);
  const N = batchShape.reduce((a, b) => a * b, 1);
  return tf.reshape(tf.broadcastTo(tf.reshape(bias, shape), [...batchShape, bq, bk]), [N, bq, bk]);
}

/** 1 for rows of x [..., T_k] (scores or bias) with an unmasked entry, 0 otherwise: [..., 1]. */
function validRows(x: tf.Tensor): tf.Tensor {
  return tf.cast(tf.greater(tf.max(x, -1, true), MASKED_LOGIT / 10), "float32");
}

/**
 * q: [..., T_q, d_k], k: [..., T_k, d_k], v: [..., T_k, d_v] → output [..., T_q, d_v]
 * (and weights [..., T_q, T_k] when returnWeights). q, k, v share their leading dims.
 * Differentiable w.r.t. q, k, v. An additive float mask is differentiable on the generic path
 * (backends other than wasm, or strategy "batched", dropout or returned weights); the wasm kernel
 * and the sliced path treat it as a constant.
 */
export function scaledDotProductAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  options: AttentionOptions = {},
): AttentionResult {
  const fn = "scaledDotProductAttention";
  const s = checkAttentionInputs(fn, q, k, v, options.mask);
  const rate = options.dropout ?? 0;
  if (!(rate >= 0 && rate < 1)) throw new Error(`${fn}: dropout must be in [0, 1), got ${options.dropout}.`);
  const requested = options.strategy ?? "auto";
  const strategy = requested === "auto" ? chooseMatMulStrategy(tf.getBackend(), s) : requested;
  // The kernel, where it runs, is the fastest path at every shape (sliced or not).
  const kernelRuns = requested === "auto" && fusedAttentionKernel() !== undefined;
  const fused = rate === 0 && !options.returnWeights && (strategy === "sliced" || kernelRuns);
  return tf.tidy(() => {
    const bias = attentionBias(options.mask, options.causal ?? false, s.Tq, s.Tk); // ⊑ [..., T_q, T_k]
    // Keys no query may attend contribute exactly zero, even if their rows are NaN.
    let { keys, values: vals } = bias ? zeroUnattendedKeys(k, v, bias) : { keys: k, values: v }; // [..., T_k, d_k|d_v]
    // Keys masked for some queries only (causal): a NaN/∞ in them must reach only the queries attending them.
    let poison: tf.Tensor | undefined; // [..., T_q or 1, 1]: NaN for those queries, 0 for the others
    if (variesAlongQueries(bias) && mayHoldNonFinite(keys, vals)) {
      ({ keys, values: vals, poison } = isolateNonFiniteKeys(keys, vals, bias, false, s.Tq));
    }
    const qScaled = tf.mul(q, 1 / Math.sqrt(s.dk)); // [..., T_q, d_k]: cheaper than scaling the scores
    if (fused) {
      // Fused per-slice path (slicedAttention.ts): the kernel, or tfjs products that never stack
      // the [T_q, T_k] scores in the forward pass.
      const { batchSize: N, Tq, Tk, dk, dv } = s;
      const out = slicedAttention(
        tf.reshape(qScaled, [N, Tq, dk]) as tf.Tensor3D,
        tf.reshape(keys, [N, Tk, dk]) as tf.Tensor3D,
        tf.reshape(vals, [N, Tk, dv]) as tf.Tensor3D,
        bias ? biasPerSlice(bias, s.batchShape) : undefined,
      ); // [N, T_q, d_v]
      let output = tf.reshape(out, [...s.batchShape, Tq, dv]); // [..., T_q, d_v]
      if (bias) output = tf.mul(output, validRows(bias)); // fully masked rows → 0
      return { output: poison ? tf.add(output, poison) : output };
    }
    let scores = attentionMatMul(qScaled, keys, true, strategy); // [..., T_q, T_k]
    if (bias) scores = tf.add(scores, bias);
    let weights = maskedSoftmax(scores); // [..., T_q, T_k]
    if (rate > 0) weights = tf.dropout(weights, rate, undefined, options.seed);
    let output = attentionMatMul(weights, vals, false, strategy); // [..., T_q, d_v]
    if (poison) {
      output = tf.add(output, poison);
      weights = tf.add(weights, poison);
    }
    return options.returnWeights ? { output, weights } : { output };
  });
}
