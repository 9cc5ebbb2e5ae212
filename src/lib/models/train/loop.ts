/**
 * A generic training loop (Node: the progress bar writes to a stream) for models made of
 * named tf.Variables: Adam with linear warm-up then linear decay, global-norm gradient clipping,
 * periodic validation, early stopping that restores the best weights, and a progress display
 * (loss, accuracy, learning rate, ETA).
 *
 * The task supplies the data and the loss; the loop knows nothing about sentiment or translation:
 *
 *   const result = await train({ variables: model.variables(), batches, loss, validate }, { epochs: 3 });
 */
import * as tf from "@tensorflow/tfjs-core";
import { SingleBar } from "cli-progress";
import type { VariableMap } from "../../attention/layers";
import { formatDuration } from "../../format/units";
import { registerTrainingGradients } from "./gradients";

export interface TrainConfig {
  /** Most passes over the training batches (default 3). */
  epochs?: number;
  /** Peak learning rate of Adam (default 1e-3). */
  learningRate?: number;
  /** Steps of linear warm-up from 0 to the peak (default 200). */
  warmupSteps?: number;
  /** After warm-up: "linear" decay to minLearningRateFraction·peak at the last step, or "none" (default "linear"). */
  decay?: "linear" | "none";
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
  /** "bar" (cli-progress on stderr), "log" (one line per validation), "none". Default: bar on a TTY, else log. */
  progress?: "bar" | "log" | "none";
  /** Where "log" lines go (default console.log). */
  log?: (line: string) => void;
  /** Called after each validation with the new history point (e.g. to plot a live curve). */
  onValidation?: (point: HistoryPoint, isBest: boolean) => void;
}

export interface StepOutput {
  /** Mean loss of the batch (a scalar the loop differentiates). */
  loss: tf.Scalar;
  /** Number of correct predictions in the batch (optional, for the accuracy display). */
  correct?: tf.Scalar;
  /** Number of examples (or tokens) the accuracy is over. */
  count: number;
}

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

export interface TrainResult {
  history: HistoryPoint[];
  /** The validation point whose weights were restored. */
  best: HistoryPoint;
  steps: number;
  seconds: number;
  stopReason: "epochs" | "max steps" | "early stopping" | "time budget";
}

/** Learning rate at a step (1-based): linear warm-up, then linear decay to a floor. */
export function learningRateAt(
  step: number,
  totalSteps: number,
  c: Pick<Required<TrainConfig>, "learningRate" | "warmupSteps" | "decay" | "minLearningRateFraction">,
): number {
  const peak = c.learningRate;
  if (c.warmupSteps > 0 && step <= c.warmupSteps) return (peak * step) / c.warmupSteps;
  if (c.decay === "none") return peak;
  const span = Math.max(1, totalSteps - c.warmupSteps);
  const progress = Math.min(1, Math.max(0, (step - c.warmupSteps) / span));
  return peak * (1 - (1 - c.minLearningRateFraction) * progress);
}

/** Scales a gradient map so that its global L2 norm is at most maxNorm; returns the new map. */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  return tf.tidy(() => {
    const squares = Object.values(grads).map((g) => tf.sum(tf.square(g)));
    const norm = tf.sqrt(tf.addN(squares));
    const scale = tf.div(maxNorm, tf.maximum(norm, maxNorm)); // 1 when norm ≤ maxNorm
    const out: tf.NamedTensorMap = {};
    for (const [name, g] of Object.entries(grads)) out[name] = tf.mul(g, scale);
    return out;
  });
}

/**
 * Trains the task's variables in place and restores the weights of the best validation point.
 */
export async function train<B>(task: TrainTask<B>, config: TrainConfig = {}): Promise<TrainResult> {
  if (tf.getGradient("Sum") === undefined)
    throw new Error(
      'train: tfjs has no gradients registered. In Node import the library ("llm-footprint") or ' +
        "src/lib/backend/gradients.ts first; in a browser bundle import " +
        '"@tensorflow/tfjs-core/dist/register_all_gradients".',
    );
  registerTrainingGradients();
  const c = {
    epochs: 3,
    learningRate: 1e-3,
    warmupSteps: 200,
    decay: "linear" as const,
    minLearningRateFraction: 0.05,
    beta1: 0.9,
    beta2: 0.98,
    epsilon: 1e-8,
    clipNorm: 1,
    monitor: "loss" as const,
    patience: 3,
    maxSeconds: Infinity,
    log: (line: string) => console.log(line),
    ...config,
  };
  const progress = c.progress ?? (process.stderr.isTTY ? "bar" : "log");
  const variables = Object.values(task.variables);
  const optimizer = tf.train.adam(c.learningRate, c.beta1, c.beta2, c.epsilon);
  // tfjs's Adam reads this.learningRate at every applyGradients; the schedule sets it per step.
  const setLearningRate = (lr: number) =>
    ((optimizer as unknown as { learningRate: number }).learningRate = lr);

  let epochBatches = task.batches(0);
  const stepsPerEpoch = epochBatches.length;
  const totalSteps = Math.min(c.maxSteps ?? Infinity, c.epochs * stepsPerEpoch);
  const evaluateEvery = c.evaluateEvery ?? stepsPerEpoch;

  const history: HistoryPoint[] = [];
  let best: HistoryPoint | undefined;
  let bestWeights: tf.Tensor[] | undefined;
  let sinceBest = 0;
  let stopReason: TrainResult["stopReason"] = "epochs";
  let runLoss = 0;
  let runCorrect = 0;
  let runCount = 0;
  let runSteps = 0;
  let lastLoss = NaN;
  let lastAccuracy: number | undefined;
  const start = performance.now();
  const elapsed = () => (performance.now() - start) / 1000;

  const bar =
    progress === "bar"
      ? new SingleBar({
          format:
            "train [{bar}] {value}/{total} steps | epoch {epoch} | loss {loss} | acc {acc} | val {val} | ETA {eta_formatted}",
          stream: process.stderr,
          etaBuffer: 50,
        })
      : undefined;
  bar?.start(totalSteps, 0, { epoch: 1, loss: "-", acc: "-", val: "-" });

  const isBetter = (p: HistoryPoint) => {
    if (!best) return true;
    if (
      c.monitor === "accuracy" &&
      p.validationAccuracy !== undefined &&
      best.validationAccuracy !== undefined
    )
      return (
        p.validationAccuracy > best.validationAccuracy ||
        (p.validationAccuracy === best.validationAccuracy && p.validationLoss < best.validationLoss)
      );
    return p.validationLoss < best.validationLoss;
  };

  const evaluate = async (step: number, lr: number): Promise<boolean> => {
    const v = await task.validate();
    const point: HistoryPoint = {
      step,
      epoch: step / stepsPerEpoch,
      seconds: elapsed(),
      learningRate: lr,
      trainLoss: runSteps > 0 ? runLoss / runSteps : lastLoss,
      trainAccuracy: runCount > 0 ? runCorrect / runCount : lastAccuracy,
      validationLoss: v.loss,
      validationAccuracy: v.accuracy,
    };
    lastLoss = point.trainLoss;
    lastAccuracy = point.trainAccuracy;
    runLoss = runCorrect = runCount = runSteps = 0;
    history.push(point);
    if (isBetter(point)) {
      best = point;
      sinceBest = 0;
      bestWeights?.forEach((t) => t.dispose());
      bestWeights = variables.map((v) => tf.clone(v));
    } else {
      sinceBest++;
    }
    const vacc = v.accuracy !== undefined ? ` acc ${v.accuracy.toFixed(4)}` : "";
    if (progress === "log") {
      const eta = (elapsed() / step) * (totalSteps - step);
      const tacc = point.trainAccuracy !== undefined ? ` acc ${point.trainAccuracy.toFixed(4)}` : "";
      c.log(
        `epoch ${point.epoch.toFixed(2)} step ${step}/${totalSteps} | train loss ${point.trainLoss.toFixed(4)}${tacc}` +
          ` | val loss ${v.loss.toFixed(4)}${vacc} | lr ${lr.toExponential(2)} | ${formatDuration(point.seconds)}` +
          `, ETA ${formatDuration(eta)}${best === point ? " *" : ""}`,
      );
    }
    bar?.update(step, { val: `${v.loss.toFixed(3)}${vacc}` });
    c.onValidation?.(point, best === point);
    return sinceBest >= c.patience;
  };

  let step = 0;
  let lr = 0;
  training: for (let epoch = 0; epoch < c.epochs; epoch++) {
    if (epoch > 0) epochBatches = task.batches(epoch);
    for (const batch of epochBatches) {
      step++;
      lr = learningRateAt(step, totalSteps, c);
      setLearningRate(lr);
      let correct: tf.Scalar | undefined;
      let count = 0;
      const { value, grads } = tf.variableGrads(() => {
        const out = task.loss(batch, true);
        correct = out.correct ? tf.keep(out.correct) : undefined;
        count = out.count;
        return out.loss;
      }, variables);
      const clipped = c.clipNorm > 0 ? clipByGlobalNorm(grads, c.clipNorm) : grads;
      optimizer.applyGradients(Object.entries(clipped).map(([name, tensor]) => ({ name, tensor })));
      if (clipped !== grads) tf.dispose(clipped);
      tf.dispose(grads);
      const lossValue = (await value.data())[0]!;
      value.dispose();
      if (!Number.isFinite(lossValue))
        throw new Error(`train: loss is ${lossValue} at step ${step} (lr ${lr}).`);
      runLoss += lossValue;
      runSteps++;
      if (correct) {
        runCorrect += (await correct.data())[0]!;
        runCount += count;
        tf.dispose(correct);
      }
      bar?.update(step, {
        epoch: epoch + 1,
        loss: (runLoss / runSteps).toFixed(4),
        acc: runCount > 0 ? (runCorrect / runCount).toFixed(4) : "-",
      });
      const lastStep = step >= totalSteps;
      const outOfTime = elapsed() >= c.maxSeconds;
      if (step % evaluateEvery === 0 || lastStep || outOfTime) {
        if (await evaluate(step, lr)) {
          stopReason = "early stopping";
          break training;
        }
      }
      if (lastStep) {
        stopReason =
          c.maxSteps !== undefined && c.maxSteps <= step && step < c.epochs * stepsPerEpoch
            ? "max steps"
            : "epochs";
        break training;
      }
      if (outOfTime) {
        stopReason = "time budget";
        break training;
      }
    }
  }
  bar?.stop();
  if (bestWeights) {
    variables.forEach((v, i) => v.assign(bestWeights![i]!));
    bestWeights.forEach((t) => t.dispose());
  }
  optimizer.dispose();
  if (!best) throw new Error("train: no validation point (no batches?)");
  return { history, best, steps: step, seconds: elapsed(), stopReason };
}
