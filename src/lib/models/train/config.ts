/**
 * Configuration of the training loop: a typed object with commented defaults, resolved once.
 * Browser-safe.
 */
import { withDefaults } from "../../util/withDefaults";
import type { GradientSource, HistoryPoint, ProgressCallback } from "./types";

export interface TrainConfig<B = unknown> {
  /** Most passes over the training batches (default 3). */
  epochs?: number;
  /** Peak learning rate of Adam (default 1e-3). */
  learningRate?: number;
  /** Steps of linear warm-up from 0 to the peak (default 200). */
  warmupSteps?: number;
  /**
   * After warm-up: "linear" decay to minLearningRateFraction·peak at the last step, "linear-time"
   * the same decay over maxSeconds (ends with the time budget, however fast the steps), or "none"
   * (default "linear").
   */
  decay?: "linear" | "linear-time" | "none";
  /** Floor of the decay as a fraction of the peak (default 0.05). */
  minLearningRateFraction?: number;
  /** Adam β₁, β₂, ε (defaults 0.9, 0.98, 1e-8, as in Vaswani et al. 2017). */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Clip gradients to this global L2 norm (default 1; 0 = off). */
  clipNorm?: number;
  /** Validate every this many steps (default: at the end of each epoch). */
  evaluateEvery?: number;
  /** Validation metric to maximise or minimise for early stopping (default "loss"). */
  monitor?: "loss" | "accuracy";
  /** Stop after this many validations without improvement (default 3; Infinity = never). */
  patience?: number;
  /** Stop after this many steps in all (default: epochs × batches per epoch). */
  maxSteps?: number;
  /** Stop (after the current step) once training has run this long, in seconds (default Infinity). */
  maxSeconds?: number;
  /**
   * Progress: "log" (one line per validation through `log`, the default), "none", or a callback
   * that receives every event (Node drivers pass experiments/progressBar.ts's terminal bar).
   */
  progress?: "log" | "none" | ProgressCallback;
  /** Where "log" lines go (default console.log). */
  log?: (line: string) => void;
  /** Called after each validation with the new history point (e.g. to plot a live curve). */
  onValidation?: (point: HistoryPoint, isBest: boolean) => void;
  /**
   * Where each batch's loss and gradients come from (default: tf.variableGrads over task.loss in
   * this thread). experiments/dataParallel.ts supplies one that splits the batch over worker
   * threads; the loop's clipping and Adam update stay here, so every replica sees one update.
   */
  gradients?: GradientSource<B>;
  /** Seconds since an arbitrary origin (default performance.now() / 1000); tests inject a fake clock. */
  clock?: () => number;
}

export const TRAIN_DEFAULTS = {
  epochs: 3,
  learningRate: 1e-3,
  warmupSteps: 200,
  decay: "linear" as "linear" | "linear-time" | "none",
  minLearningRateFraction: 0.05,
  beta1: 0.9,
  beta2: 0.98,
  epsilon: 1e-8,
  clipNorm: 1,
  monitor: "loss" as const,
  patience: 3,
  maxSeconds: Infinity,
  progress: "log" as const,
  log: (line: string): void => console.log(line),
  clock: (): number => performance.now() / 1000,
};

export type ResolvedTrainConfig<B = unknown> = TrainConfig<B> & typeof TRAIN_DEFAULTS;

/** Fills in the defaults (a key set to undefined keeps its default) and checks the numbers. */
export function resolveTrainConfig<B = unknown>(config: TrainConfig<B> = {}): ResolvedTrainConfig<B> {
  const c = withDefaults(TRAIN_DEFAULTS, config) as ResolvedTrainConfig<B>;
  const check = (field: keyof TrainConfig<B>, ok: boolean, accepted: string) => {
    if (!ok) throw new Error(`train: config.${field} must be ${accepted}, got ${String(config[field])}`);
  };
  check("epochs", Number.isInteger(c.epochs) && c.epochs > 0, "a positive integer");
  check("learningRate", c.learningRate > 0, "> 0");
  check("warmupSteps", Number.isInteger(c.warmupSteps) && c.warmupSteps >= 0, "an integer ≥ 0");
  check("clipNorm", c.clipNorm >= 0, "≥ 0 (0 = no clipping)");
  check("patience", c.patience >= 1, "≥ 1 (Infinity = never stop early)");
  check("maxSeconds", c.maxSeconds > 0, "> 0 (Infinity = no budget)");
  check(
    "decay",
    ["linear", "linear-time", "none"].includes(c.decay) &&
      (c.decay !== "linear-time" || Number.isFinite(c.maxSeconds)),
    '"linear", "none", or "linear-time" with a finite maxSeconds (the budget it decays over)',
  );
  if (c.maxSteps !== undefined)
    check("maxSteps", Number.isInteger(c.maxSteps) && c.maxSteps > 0, "a positive integer");
  if (c.evaluateEvery !== undefined)
    check("evaluateEvery", Number.isInteger(c.evaluateEvery) && c.evaluateEvery > 0, "a positive integer");
  return c;
}
