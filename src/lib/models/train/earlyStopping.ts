/**
 * Early stopping on a validation metric, with a snapshot of the best weights to restore at the
 * end. Browser-safe.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { HistoryPoint } from "./types";

export interface EarlyStoppingConfig {
  /** "loss" (lower is better) or "accuracy" (higher is better; ties broken by lower loss). */
  monitor: "loss" | "accuracy";
  /** Stop after this many validations in a row without improvement (Infinity = never). */
  patience: number;
}

export class EarlyStopping {
  /** The best validation point so far. */
  best: HistoryPoint | undefined;
  /** Validations since the best one. */
  sinceBest = 0;
  private snapshot: tf.Tensor[] | undefined;

  constructor(private readonly config: EarlyStoppingConfig) {}

  /** True if point beats the best so far under the monitored metric. */
  isBetter(point: HistoryPoint): boolean {
    const best = this.best;
    if (!best) return true;
    if (
      this.config.monitor === "accuracy" &&
      point.validationAccuracy !== undefined &&
      best.validationAccuracy !== undefined
    )
      return (
        point.validationAccuracy > best.validationAccuracy ||
        (point.validationAccuracy === best.validationAccuracy && point.validationLoss < best.validationLoss)
      );
    return point.validationLoss < best.validationLoss;
  }

  /**
   * Records a validation point taken with the current values of variables: snapshots them if it
   * is the best so far. Returns whether it is the best, and whether training should stop.
   */
  observe(point: HistoryPoint, variables: readonly tf.Variable[]): { isBest: boolean; stop: boolean } {
    const isBest = this.isBetter(point);
    if (isBest) {
      this.best = point;
      this.sinceBest = 0;
      this.snapshot?.forEach((t) => t.dispose());
      this.snapshot = variables.map((v) => tf.clone(v));
    } else {
      this.sinceBest++;
    }
    return { isBest, stop: this.sinceBest >= this.config.patience };
  }

  /** Assigns the best snapshot back to variables (same order as observed) and frees it. */
  restoreBest(variables: readonly tf.Variable[]): void {
    if (!this.snapshot) return;
    variables.forEach((v, i) => v.assign(this.snapshot![i]!));
    this.dispose();
  }

  /** Frees the snapshot without restoring it. */
  dispose(): void {
    this.snapshot?.forEach((t) => t.dispose());
    this.snapshot = undefined;
  }
}
