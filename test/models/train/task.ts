// A tiny training task for the loop's tests: one variable w pulled towards a target by a
// squared loss, with validation losses scripted by the test.
import * as tf from "@tensorflow/tfjs-core";
import type { TrainTask } from "../../../src/lib/models/train";

export interface ToyTask extends TrainTask<number> {
  w: tf.Variable;
  /** w's values at each validation, in order. */
  seen: number[][];
}

/**
 * @param validationLosses the loss validate() returns at its 1st, 2nd, … call (then the last one again)
 * @param batchesPerEpoch batches per epoch (their content is unused)
 */
export function toyTask(validationLosses: readonly number[], batchesPerEpoch = 2): ToyTask {
  const w = tf.variable(tf.zeros([2]), true, `toy_w_${Math.random()}`);
  const target = tf.tensor1d([1, -1]);
  const seen: number[][] = [];
  return {
    w,
    seen,
    variables: { w },
    batches: () => Array.from({ length: batchesPerEpoch }, (_, i) => i),
    loss: () => ({ loss: tf.mean(tf.square(tf.sub(w, target))) as tf.Scalar, count: 1 }),
    validate: () => {
      seen.push(Array.from(w.dataSync()));
      return { loss: validationLosses[Math.min(seen.length, validationLosses.length) - 1]! };
    },
  };
}
