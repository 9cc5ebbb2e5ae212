/**
 * The workshop exercises. Learners work on plain arrays (number[][]), so each reference converts to tensors,
 * calls the library (the single source of truth the notebooks teach), and converts back.
 */
import * as tf from "@tensorflow/tfjs-core";
import { scaledDotProductAttention } from "../attention/scaledDotProduct";
import { gramsCO2e } from "../energy/units";
import { corpusBleu } from "../eval/bleu";
import { candidateSet } from "../models/generation/sampling";
import type { Exercise } from "./check";

type Matrix = number[][];

export const softmaxExercise: Exercise<[number[]], number[]> = {
  id: "softmax",
  title: "softmax by hand",
  hint: "exponentiate x_i - max(x) (not x_i: exp(1000) overflows to Infinity), then divide by the sum.",
  reference: (x) => tf.tidy(() => tf.softmax(tf.tensor1d(x)).arraySync() as number[]),
  cases: [
    { name: "three logits", args: [[1, 2, 3]] },
    { name: "equal logits give equal weights", args: [[0.5, 0.5, 0.5, 0.5]] },
    { name: "negative logits", args: [[-3, -1, -2]] },
    { name: "large logits [1000, 1001] (numerical stability)", args: [[1000, 1001]] },
    { name: "a single logit", args: [[7]] },
  ],
};

export const attentionExercise: Exercise<[Matrix, Matrix, Matrix], Matrix> = {
  id: "attention",
  title: "scaled dot-product attention",
  hint: "scores = Q·Kᵀ / √d_k with d_k = Q[0].length; softmax each row of scores; output = weights·V.",
  reference: (Q, K, V) =>
    tf.tidy(() => {
      const { output } = scaledDotProductAttention(tf.tensor2d(Q), tf.tensor2d(K), tf.tensor2d(V));
      return output.arraySync() as Matrix;
    }),
  cases: [
    {
      name: "one query, two keys (T_q=1, T_k=2, d_k=2)",
      args: [
        [[1, 0]],
        [
          [1, 0],
          [0, 1],
        ],
        [
          [10, 0],
          [0, 10],
        ],
      ],
    },
    {
      name: "T_q ≠ T_k and d_k ≠ d_v",
      args: [
        [
          [0.2, -0.4, 1.0, 0.3],
          [1.5, 0.1, -0.7, 0.0],
        ],
        [
          [0.3, 0.3, 0.3, 0.3],
          [-1, 0.5, 0.2, 2],
          [0.9, -0.2, -0.5, 1.1],
        ],
        [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
      ],
      hint: "the scale is √d_k = 2 here",
    },
    {
      name: "a strongly matching key dominates",
      args: [
        [[8, 8]],
        [
          [8, 8],
          [-8, -8],
        ],
        [
          [1, 1, 1],
          [0, 0, 0],
        ],
      ],
    },
  ],
  tolerance: 1e-5,
};

export const causalMaskExercise: Exercise<[number], boolean[][]> = {
  id: "causal-mask",
  title: "the causal mask",
  hint: "mask[i][j] is true (may attend) exactly when key j is not in the future of query i: j <= i.",
  reference: (T) => Array.from({ length: T }, (_, i) => Array.from({ length: T }, (_, j) => j <= i)),
  cases: [
    { name: "T = 1", args: [1] },
    { name: "T = 3", args: [3] },
    { name: "T = 5", args: [5] },
  ],
};

export const splitHeadsExercise: Exercise<[Matrix, number], number[][][]> = {
  id: "split-heads",
  title: "splitting a [T, d_model] matrix into heads",
  hint: "head h takes columns h·d_head … (h+1)·d_head − 1 of every row; the result is [heads, T, d_head].",
  reference: (x, heads) =>
    tf.tidy(() => {
      const [T, d] = [x.length, x[0]?.length ?? 0];
      // [T, d_model] → [T, h, d_head] → [h, T, d_head]
      return tf
        .transpose(tf.reshape(tf.tensor2d(x), [T, heads, d / heads]), [1, 0, 2])
        .arraySync() as number[][][];
    }),
  cases: [
    {
      name: "T=2, d_model=4, 2 heads",
      args: [
        [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
        ],
        2,
      ],
    },
    {
      name: "T=3, d_model=6, 3 heads",
      args: [
        [
          [0, 1, 2, 3, 4, 5],
          [6, 7, 8, 9, 10, 11],
          [12, 13, 14, 15, 16, 17],
        ],
        3,
      ],
    },
    {
      name: "one head leaves the values unchanged",
      args: [
        [
          [1, 2],
          [3, 4],
        ],
        1,
      ],
    },
  ],
};

export const mergeHeadsExercise: Exercise<[number[][][]], Matrix> = {
  id: "merge-heads",
  title: "merging heads back into [T, d_model]",
  hint: "the inverse of splitting: row t is head 0's row t, then head 1's row t, … concatenated.",
  reference: (x) =>
    tf.tidy(() => {
      const t = tf.tensor3d(x); // [h, T, d_head]
      const [h, T, dHead] = t.shape;
      return tf.reshape(tf.transpose(t, [1, 0, 2]), [T, h * dHead]).arraySync() as Matrix;
    }),
  cases: [
    {
      name: "2 heads, T=2, d_head=2",
      args: [
        [
          [
            [1, 2],
            [5, 6],
          ],
          [
            [3, 4],
            [7, 8],
          ],
        ],
      ],
    },
    { name: "3 heads, T=1, d_head=1", args: [[[[1]], [[2]], [[3]]]] },
  ],
};

export const co2eExercise: Exercise<[number, number, number], number> = {
  id: "co2e",
  title: "energy → CO₂e",
  hint: "grams = (joules × PUE) / 3.6e6 J per kWh × intensity in gCO₂e/kWh.",
  reference: (joules, intensity, pue) => gramsCO2e(joules, intensity, pue),
  cases: [
    { name: "1 kWh on a 400 g/kWh grid, PUE 1", args: [3.6e6, 400, 1] },
    {
      name: "1 kWh in a data centre with PUE 1.5",
      args: [3.6e6, 400, 1.5],
      hint: "PUE multiplies the energy",
    },
    { name: "a 2-minute notebook run: 1,800 J at 56 g/kWh", args: [1800, 56, 1] },
    { name: "no energy, no emissions", args: [0, 700, 1.2] },
  ],
  tolerance: 1e-9,
};

/** Clipped n-gram matches between a tokenized hypothesis and one reference. */
export type NgramPrecision = { matches: number; total: number };

export const ngramPrecisionExercise: Exercise<[string[], string[], number], NgramPrecision> = {
  id: "ngram-precision",
  title: "BLEU's n-gram precision",
  hint:
    "count each n-gram of the hypothesis, clip each count at how often that n-gram occurs in the reference, " +
    "sum the clipped counts (matches) and the hypothesis counts (total).",
  reference: (hyp, ref, n) => {
    // sacreBLEU's statistics on pre-tokenized text: tokens joined by spaces, tokenizer "none".
    const s = corpusBleu([hyp.join(" ")], [ref.join(" ")], { tokenize: "none", maxOrder: n, smooth: "none" });
    return { matches: s.counts[n - 1] ?? 0, total: s.totals[n - 1] ?? 0 };
  },
  cases: [
    {
      name: "unigrams of a close translation",
      args: [["我", "喜", "欢", "猫"], ["我", "很", "喜", "欢", "猫"], 1],
    },
    { name: "bigrams of the same pair", args: [["我", "喜", "欢", "猫"], ["我", "很", "喜", "欢", "猫"], 2] },
    {
      name: "repeated words are clipped ('the the the the')",
      args: [["the", "the", "the", "the"], ["the", "cat", "is", "on", "the", "mat"], 1],
      hint: "'the' occurs twice in the reference, so at most 2 of the 4 count",
    },
    { name: "no matching 3-gram", args: [["a", "b", "c"], ["c", "b", "a"], 3] },
    { name: "hypothesis shorter than n", args: [["猫"], ["猫"], 2] },
  ],
};

export const topKExercise: Exercise<[number[], number, number], number[]> = {
  id: "top-k",
  title: "top-k filtering",
  hint:
    "divide the logits by the temperature, keep the k largest (on a tie, the lower index first), take the " +
    "softmax over the kept ones only (subtract their max before exp), and put 0 everywhere else.",
  // The library's sampler (models/generation/sampling.ts): kept ids and their renormalised probabilities.
  reference: (logits, k, temperature) => {
    const { ids, probs } = candidateSet(logits, { temperature, topK: k });
    const out = logits.map(() => 0);
    ids.forEach((id, j) => (out[id] = probs[j]!));
    return out;
  },
  cases: [
    { name: "k = 2 of 4 logits, temperature 1", args: [[2, 1, 0, -1], 2, 1] },
    { name: "k = 1 is greedy decoding", args: [[0.5, 3, 1], 1, 1] },
    {
      name: "k at least the vocabulary keeps everything (a plain softmax)",
      args: [[1, 2, 3], 5, 1],
      hint: "k larger than the number of logits keeps them all",
    },
    {
      name: "temperature 0.5 sharpens the kept distribution",
      args: [[1, 2, 3, 0], 3, 0.5],
      hint: "divide the logits by the temperature before the softmax",
    },
    {
      name: "ties at the cut keep the lower index",
      args: [[1, 1, 1, 0], 2, 1],
      hint: "sort by logit, then by index",
    },
    {
      name: "large logits [1000, 999, 0] (numerical stability)",
      args: [[1000, 999, 0], 2, 1],
      hint: "subtract the largest kept logit before exp()",
    },
  ],
  tolerance: 1e-9,
};
