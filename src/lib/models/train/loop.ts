/**
 * The training loop shared by every demo, for models made of named tf.Variables: Adam with the
 * schedule of schedule.ts, global-norm gradient clipping (clipping.ts), periodic validation,
 * early stopping that restores the best weights (earlyStopping.ts), a time budget
 * (timeBudget.ts) and progress reported through a callback (progress.ts). Browser-safe.
 *
 * The task supplies the data and the loss; the loop knows nothing about sentiment or translation:
 *
 *   const result = await train({ variables: model.variables(), batches, loss, validate }, { epochs: 3 });
 */
import * as tf from "@tensorflow/tfjs-core";
import { clipByGlobalNorm } from "./clipping";
import { resolveTrainConfig, type TrainConfig } from "./config";
import { EarlyStopping } from "./earlyStopping";
import { registerTrainingGradients } from "./gradients";
import { progressCallback } from "./progress";
import { learningRateAt, learningRateByTime } from "./schedule";
import { TimeBudget } from "./timeBudget";
import type {
  BatchGradients,
  GradientSource,
  HistoryPoint,
  StepOutput,
  StopReason,
  TrainResult,
  TrainTask,
} from "./types";

/** Throws a how-to-fix error unless tfjs's own gradients are registered. */
function assertGradientsRegistered(): void {
  if (tf.getGradient("Sum") === undefined)
    throw new Error(
      'train: tfjs has no gradients registered. In Node import the library ("llm-footprint") or ' +
        "src/lib/backend/gradients.ts first; in a browser bundle import " +
        '"@tensorflow/tfjs-core/dist/register_all_gradients".',
    );
}

/** Means of the training loss and accuracy over the steps since the last validation. */
class RunningMeans {
  private loss = 0;
  private steps = 0;
  private correct = 0;
  private count = 0;
  private last: { loss: number; accuracy?: number } = { loss: NaN };

  add(loss: number, correct: number | undefined, count: number): void {
    this.loss += loss;
    this.steps++;
    if (correct !== undefined) {
      this.correct += correct;
      this.count += count;
    }
  }

  /** Current means (those of the previous span when no step ran since). */
  get(): { loss: number; accuracy?: number } {
    if (this.steps === 0) return this.last;
    return { loss: this.loss / this.steps, accuracy: this.count > 0 ? this.correct / this.count : undefined };
  }

  /** Returns the current means and starts a new span. */
  flush(): { loss: number; accuracy?: number } {
    this.last = this.get();
    this.loss = this.steps = this.correct = this.count = 0;
    return this.last;
  }
}

/** Loss and gradients of the task on one batch, in this thread. */
async function localGradients<B>(
  task: TrainTask<B>,
  batch: B,
  variables: tf.Variable[],
): Promise<BatchGradients> {
  let correct: tf.Scalar | undefined;
  let count = 0;
  const { value, grads } = tf.variableGrads(() => {
    const out: StepOutput = task.loss(batch, true);
    correct = out.correct ? tf.keep(out.correct) : undefined;
    count = out.count;
    return out.loss;
  }, variables);
  const loss = (await value.data())[0]!;
  value.dispose();
  const c = correct as tf.Scalar | undefined;
  const correctValue = c ? (await c.data())[0]! : undefined;
  c?.dispose();
  return { loss, correct: correctValue, count, grads };
}

/**
 * One optimisation step: loss and gradients of the batch (here, or from config.gradients),
 * clipping, Adam update. Returns the batch loss and the number of correct predictions.
 */
async function trainStep<B>(
  task: TrainTask<B>,
  batch: B,
  variables: tf.Variable[],
  optimizer: tf.Optimizer,
  clipNorm: number,
  source: GradientSource<B> | undefined,
): Promise<{ loss: number; correct?: number; count: number }> {
  const { grads, ...out } = source ? await source(batch) : await localGradients(task, batch, variables);
  const clipped = clipNorm > 0 ? clipByGlobalNorm(grads, clipNorm) : grads;
  optimizer.applyGradients(Object.entries(clipped).map(([name, tensor]) => ({ name, tensor })));
  if (clipped !== grads) tf.dispose(clipped);
  tf.dispose(grads);
  return out;
}

/**
 * Trains the task's variables in place and restores the weights of the best validation point.
 */
export async function train<B>(task: TrainTask<B>, config: TrainConfig<B> = {}): Promise<TrainResult> {
  assertGradientsRegistered();
  registerTrainingGradients();
  const c = resolveTrainConfig(config);
  const report = progressCallback(c.progress, c.log);
  const variables = Object.values(task.variables);
  const optimizer = tf.train.adam(c.learningRate, c.beta1, c.beta2, c.epsilon);
  // tfjs's Adam reads this.learningRate at every applyGradients; the schedule sets it per step.
  const setLearningRate = (lr: number) =>
    ((optimizer as unknown as { learningRate: number }).learningRate = lr);

  let epochBatches = task.batches(0);
  const stepsPerEpoch = epochBatches.length;
  if (stepsPerEpoch === 0)
    throw new Error("train: task.batches(0) returned no batches (empty training set?)");
  const totalSteps = Math.min(c.maxSteps ?? Infinity, c.epochs * stepsPerEpoch);
  const evaluateEvery = c.evaluateEvery ?? stepsPerEpoch;

  const budget = new TimeBudget(c.maxSeconds, c.clock);
  const stopping = new EarlyStopping({ monitor: c.monitor, patience: c.patience });
  const means = new RunningMeans();
  const history: HistoryPoint[] = [];
  let stopReason: StopReason = "epochs";
  let step = 0;
  // "linear-time": the share of the budget used when the warm-up ended (the decay starts there).
  let warmupEndFraction = 0;
  const learningRate = (): number => {
    if (c.decay !== "linear-time") return learningRateAt(step, totalSteps, c);
    const fraction = budget.elapsed() / c.maxSeconds;
    if (step <= c.warmupSteps) warmupEndFraction = fraction;
    return learningRateByTime(step, fraction, warmupEndFraction, c);
  };

  /** Validates, records the point; returns true when early stopping says stop. */
  const validate = async (lr: number): Promise<boolean> => {
    const v = await task.validate();
    const train = means.flush();
    const point: HistoryPoint = {
      step,
      epoch: step / stepsPerEpoch,
      seconds: budget.elapsed(),
      learningRate: lr,
      trainLoss: train.loss,
      trainAccuracy: train.accuracy,
      validationLoss: v.loss,
      validationAccuracy: v.accuracy,
    };
    history.push(point);
    const { isBest, stop } = stopping.observe(point, variables);
    // Steps left at the mean pace, or what is left of the time budget if that ends first.
    const etaSeconds = Math.min((point.seconds / step) * (totalSteps - step), budget.remaining());
    report({ type: "validation", point, isBest, totalSteps, etaSeconds });
    c.onValidation?.(point, isBest);
    return stop;
  };

  report({ type: "start", totalSteps, stepsPerEpoch });
  try {
    training: for (let epoch = 0; epoch < c.epochs; epoch++) {
      if (epoch > 0) epochBatches = task.batches(epoch);
      for (const batch of epochBatches) {
        step++;
        const lr = learningRate();
        setLearningRate(lr);
        const out = await trainStep(task, batch, variables, optimizer, c.clipNorm, c.gradients);
        if (!Number.isFinite(out.loss))
          throw new Error(`train: loss is ${out.loss} at step ${step} (lr ${lr}).`);
        means.add(out.loss, out.correct, out.count);
        const running = means.get();
        report({ type: "step", step, totalSteps, epoch: epoch + 1, ...running, seconds: budget.elapsed() });

        const lastStep = step >= totalSteps;
        const outOfTime = budget.exhausted();
        if ((step % evaluateEvery === 0 || lastStep || outOfTime) && (await validate(lr))) {
          stopReason = "early stopping";
          break training;
        }
        if (lastStep) {
          stopReason = step < c.epochs * stepsPerEpoch ? "max steps" : "epochs";
          break training;
        }
        if (outOfTime) {
          stopReason = "time budget";
          break training;
        }
      }
    }
    stopping.restoreBest(variables);
  } finally {
    stopping.dispose();
    optimizer.dispose();
  }
  if (!stopping.best) throw new Error("train: no validation point (no batches?)");
  const seconds = budget.elapsed();
  report({ type: "end", steps: step, seconds, stopReason });
  return { history, best: stopping.best, steps: step, seconds, stopReason };
}
