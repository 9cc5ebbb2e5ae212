/**
 * The exercise of notebook 04, checked by workshop.check: the masked mean pool that turns the
 * encoder's outputs into one vector per sentence. Learners work on plain arrays; the reference
 * calls the library's maskedMeanPool (models/sentiment/classifier.ts), the code the classifier runs.
 */
import * as tf from "@tensorflow/tfjs-core";
import { maskedMeanPool } from "../models/sentiment/classifier";
import type { Exercise } from "../workshop/check";

type Matrix = number[][];

/** h: [T][d] outputs of one sentence, ids: [T] token ids, padId → [d] mean over the non-[PAD] positions. */
export const maskedMeanPoolExercise: Exercise<[Matrix, number[], number], number[]> = {
  id: "masked-mean-pool",
  title: "the masked mean pool",
  hint:
    "average h[t] over the positions t whose id is not padId only: divide the sum of those rows by how many " +
    "there are (and return zeros, not NaN, when every position is [PAD]).",
  reference: (h, ids, padId) =>
    tf.tidy(() => {
      const T = ids.length;
      const d = h[0]?.length ?? 0;
      const pooled = maskedMeanPool(tf.tensor3d([h], [1, T, d]), tf.tensor2d([ids], [1, T], "int32"), padId);
      return (pooled.arraySync() as Matrix)[0]!;
    }),
  cases: [
    {
      name: "no padding: the plain mean of the rows",
      args: [
        [
          [1, 2],
          [3, 4],
          [5, 9],
        ],
        [5, 6, 7],
        0,
      ],
    },
    {
      name: "two [PAD] positions at the end are left out",
      args: [
        [
          [1, 0, 2],
          [3, 2, 0],
          [50, 50, 50],
          [-7, 8, 9],
        ],
        [4, 9, 0, 0],
        0,
      ],
      hint: "divide by the number of real tokens (2), not by T (4)",
    },
    {
      name: "a padded position is skipped wherever it is, with another padId",
      args: [
        [
          [2, 4],
          [100, -100],
          [4, 8],
        ],
        [7, 1, 3],
        1,
      ],
    },
    {
      name: "every position is [PAD]: zeros, not NaN",
      args: [
        [
          [1, 2],
          [3, 4],
        ],
        [0, 0],
        0,
      ],
      hint: "guard the division: divide by max(1, count)",
    },
  ],
  tolerance: 1e-5,
};

/** The model solution (shown collapsed in the notebook, and tested against the stub). */
export function maskedMeanPoolSolution(h: Matrix, ids: number[], padId: number): number[] {
  const d = h[0]?.length ?? 0;
  const sum = new Array<number>(d).fill(0);
  let count = 0;
  ids.forEach((id, t) => {
    if (id === padId) return;
    count++;
    for (let j = 0; j < d; j++) sum[j] = sum[j]! + h[t]![j]!;
  });
  return sum.map((s) => s / Math.max(1, count));
}
