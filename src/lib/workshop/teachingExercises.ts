/**
 * Exercises of notebook 01 (the three follow-ups of the derivation: shift invariance as log-sum-exp,
 * the divisor for variance σ², where attention starts to dominate) and of the transformer-block
 * notebook (LayerNorm by hand). As in exercises.ts, each reference calls the library (or tfjs) on
 * plain arrays, so a learner's function is checked against the code the notebooks teach.
 */
import * as tf from "@tensorflow/tfjs-core";
import { attentionFlops, denseFlops } from "../attention/flops";
import { LayerNorm } from "../attention/layers";
import type { Exercise } from "./check";

type Matrix = number[][];

export const logSumExpExercise: Exercise<[number[]], number> = {
  id: "log-sum-exp",
  title: "log-sum-exp without overflow",
  hint: "log Σ e^{x_i} = m + log Σ e^{x_i − m} with m = max(x): the shift that keeps the softmax finite.",
  reference: (x) => tf.tidy(() => tf.logSumExp(tf.tensor1d(x)).dataSync()[0]!),
  cases: [
    { name: "three logits", args: [[1, 2, 3]] },
    { name: "large logits [1000, 1001] (exp overflows)", args: [[1000, 1001]] },
    { name: "very negative logits [−1000, −1000] (exp underflows to 0)", args: [[-1000, -1000]] },
    { name: "a single logit is its own log-sum-exp", args: [[7]] },
  ],
  // The reference runs in float32: 1001.31 is known to about 1e-4.
  tolerance: 1e-3,
};

export const scoreScaleExercise: Exercise<[number, number], number> = {
  id: "score-scale",
  title: "the divisor for components of variance σ²",
  hint:
    "each product q_j·k_j has variance σ²·σ² = σ⁴, and d_k of them add up: Var(q·k) = d_k·σ⁴. " +
    "Divide by the standard deviation of that.",
  // Var(q·k) = d_k σ⁴ for independent components of mean 0 and variance σ² (notebook 01, section 4).
  reference: (sigma, dk) => sigma * sigma * Math.sqrt(dk),
  cases: [
    { name: "σ = 1, d_k = 64: the usual √d_k", args: [1, 64] },
    { name: "σ = 2, d_k = 16", args: [2, 16], hint: "the variance of each component is 4, not 2" },
    { name: "σ = 0.5, d_k = 64", args: [0.5, 64] },
    { name: "σ = 3, d_k = 1", args: [3, 1] },
  ],
  tolerance: 1e-9,
};

/** Forward FLOPs per token of one self-attention (all heads) at context T, from the library's counter. */
function attentionPerToken(dModel: number, heads: number, T: number): number {
  return attentionFlops({ batch: 1, heads, tq: T, tk: T, dk: dModel / heads }).total / T;
}

export const attentionCrossoverExercise: Exercise<[number, number], number> = {
  id: "attention-crossover",
  title: "where attention dominates",
  hint:
    "per token, the four projections cost 4 · denseFlops(1, d, d, false) whatever T is, and attention " +
    "costs attentionFlops({ batch: 1, heads, tq: T, tk: T, dk: d / heads }).total / T, which grows with T: " +
    "return the smallest integer T where attention is at least as large.",
  reference: (dModel, heads) => {
    const projections = 4 * denseFlops(1, dModel, dModel, false);
    let T = 1;
    while (attentionPerToken(dModel, heads, T) < projections) T *= 2;
    let lo = Math.floor(T / 2);
    while (T - lo > 1) {
      const mid = Math.floor((lo + T) / 2);
      if (attentionPerToken(dModel, heads, mid) >= projections) T = mid;
      else lo = mid;
    }
    return T;
  },
  cases: [
    { name: "d_model = 1024, 16 heads", args: [1024, 16] },
    { name: "d_model = 768, 12 heads (GPT-2 small's width)", args: [768, 12] },
    { name: "d_model = 64, one head", args: [64, 1] },
    { name: "d_model = 512, 8 heads", args: [512, 8] },
  ],
  tolerance: 0,
};

export const layerNormExercise: Exercise<[Matrix, number], Matrix> = {
  id: "layer-norm",
  title: "LayerNorm by hand",
  hint:
    "for each row: mean μ, variance σ² = mean of (x − μ)² (divide by the row length, not length − 1), " +
    "then (x − μ) / √(σ² + ε). γ = 1 and β = 0 here.",
  reference: (x, epsilon) =>
    tf.tidy(() => {
      const ln = new LayerNorm({ dim: x[0]!.length, epsilon });
      const out = ln.apply(tf.tensor2d(x)).arraySync() as Matrix;
      ln.dispose();
      return out;
    }),
  cases: [
    { name: "one row [1, 2, 3, 4]", args: [[[1, 2, 3, 4]], 1e-5] },
    {
      name: "rows of very different scale end up alike",
      args: [
        [
          [0.001, 0.002, 0.004],
          [100, 200, 400],
        ],
        1e-5,
      ],
      hint: "the small row's variance is near ε: keep ε inside the square root",
    },
    {
      name: "a constant row gives zeros, not NaN (ε = 1e-5)",
      args: [[[5, 5, 5, 5]], 1e-5],
      hint: "σ² = 0 here: ε keeps the division finite",
    },
    {
      name: "the population variance (divide by n), ε = 0.1",
      args: [[[-1, 1]], 0.1],
      hint: "(x − μ) / √(σ² + ε) with σ² = 1 and ε = 0.1",
    },
  ],
  tolerance: 1e-4,
};
