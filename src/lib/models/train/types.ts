/**
 * The contract between a training task (a demo's model and data) and the shared loop.
 * Browser-safe: types only.
 */
import type * as tf from "@tensorflow/tfjs-core";
import type { VariableMap } from "../../attention/layers";

export interface StepOutput {
  /** Mean loss of the batch (a scalar the loop differentiates). */
  loss: tf.Scalar;
  /** Number of correct predictions in the batch (optional, for the accuracy display). */
  correct?: tf.Scalar;
  /** Number of examples (or tokens) the accuracy is over. */
  count: number;
}

/**
 * Loss and gradients of one batch computed outside the loop's own tf.variableGrads, e.g. split
 * over worker threads (experiments/dataParallel.ts). grads is keyed by variable name, as
 * tf.variableGrads returns it; the loop clips, applies and disposes it.
 */
export interface BatchGradients {
  /** Mean loss of the whole batch. */
  loss: number;
  correct?: number;
  count: number;
  grads: tf.NamedTensorMap;
}

/** Computes a batch's loss and gradients with respect to the current values of the task's variables. */
export type GradientSource<B> = (batch: B) => Promise<BatchGradients>;

export interface ValidationResult {
  loss: number;
  accuracy?: number;
}

export interface TrainTask<B> {
  /** The variables to train, by stable name. */
  variables: VariableMap;
  /** The batches of one epoch (called once per epoch, so it can reshuffle by epoch). */
  batches: (epoch: number) => B[];
  /** Forward pass and loss on one batch; called inside tf.variableGrads with training = true. */
  loss: (batch: B, training: boolean) => StepOutput;
  /** Loss (and accuracy) on the validation set, with training = false. */
  validate: () => ValidationResult | Promise<ValidationResult>;
}

export interface HistoryPoint {
  step: number;
  /** Fractional epoch, e.g. 1.5 halfway through the second epoch. */
  epoch: number;
  seconds: number;
  learningRate: number;
  /** Means over the training steps since the previous point. */
  trainLoss: number;
  trainAccuracy?: number;
  validationLoss: number;
  validationAccuracy?: number;
}

export type StopReason = "epochs" | "max steps" | "early stopping" | "time budget";

export interface TrainResult {
  history: HistoryPoint[];
  /** The validation point whose weights were restored. */
  best: HistoryPoint;
  steps: number;
  seconds: number;
  stopReason: StopReason;
}

/** What the loop reports while it runs (to a progress bar, a log, a live chart). */
export type TrainEvent =
  | { type: "start"; totalSteps: number; stepsPerEpoch: number }
  | {
      type: "step";
      step: number;
      totalSteps: number;
      /** 1-based epoch the step belongs to. */
      epoch: number;
      /** Mean training loss (and accuracy) since the last validation. */
      loss: number;
      accuracy?: number;
      seconds: number;
    }
  | { type: "validation"; point: HistoryPoint; isBest: boolean; totalSteps: number; etaSeconds: number }
  | { type: "end"; steps: number; seconds: number; stopReason: StopReason };

export type ProgressCallback = (event: TrainEvent) => void;
