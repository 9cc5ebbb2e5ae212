/**
 * The GPT's training task for the project's training loop (models/train): sequences of ids
 * become windows of at most contextLength inputs, batched by length; the loss is GPT.loss
 * (mean cross-entropy in nats over the targets that are not [PAD]; bits = nats / ln 2).
 *
 *   const task = gptTrainTask(model, { train, validation }, { bosId, eosId });
 *   const result = await train(task, { epochs: 3, learningRate: 1e-3, warmupSteps: 200 });
 *   task.dispose();
 *
 * Each sequence is [BOS] c₁ … c_n [EOS] and predicts c₁ … c_n [EOS]. A sequence with more than C
 * targets is cut into windows of C inputs that start every `stride` positions; a target that an
 * earlier window already predicted is [PAD] in the later one, so every target counts once, and
 * after the first window each character is predicted from at least C − stride predecessors (as
 * the sliding-window scoring of generate.ts reads them, which uses C).
 *
 * Browser-safe: only @tensorflow/tfjs-core and the loop's types.
 */
import * as tf from "@tensorflow/tfjs-core";
import { lengthBucketedBatches } from "../train/batches";
import type { StepOutput, TrainTask, ValidationResult } from "../train";
import type { GPT, GptBatch } from "./gpt";

/** One training row: inputs and their next ids (padId where nothing is scored), same length ≤ C. */
export interface LmWindow {
  input: number[];
  target: number[];
}

export interface WindowOptions {
  bosId: number;
  eosId: number;
  padId: number;
  contextLength: number;
  /** Positions between the starts of successive windows of a long sequence (default contextLength / 2). */
  stride?: number;
}

/** Cuts [BOS] + ids + [EOS] into windows (see the module comment). */
export function sequenceWindows(ids: readonly number[], o: WindowOptions): LmWindow[] {
  const C = o.contextLength;
  const stride = o.stride ?? Math.max(1, Math.floor(C / 2));
  if (!Number.isInteger(stride) || stride < 1 || stride > C)
    throw new Error(
      `sequenceWindows: stride must be an integer in [1, contextLength=${C}], got ${String(stride)}`,
    );
  const x = [o.bosId, ...ids, o.eosId];
  const N = x.length - 1; // targets x[1 … N]
  if (N <= C) return [{ input: x.slice(0, N), target: x.slice(1) }];
  const windows: LmWindow[] = [];
  let covered = 0; // last index of x already predicted
  for (let s = 0; covered < N; s = Math.min(s + stride, N - C)) {
    const target = x.slice(s + 1, s + C + 1).map((id, j) => (s + 1 + j <= covered ? o.padId : id));
    windows.push({ input: x.slice(s, s + C), target });
    covered = s + C;
  }
  return windows;
}

/** Number of scored targets (not padId) in a set of windows. */
export function targetCount(windows: readonly LmWindow[], padId: number): number {
  return windows.reduce((n, w) => n + w.target.filter((t) => t !== padId).length, 0);
}

/** Pads windows to the longest with padId: input and target int32 [B, T]. */
export function makeGptBatch(windows: readonly LmWindow[], padId: number): GptBatch {
  if (windows.length === 0) throw new Error("makeGptBatch: no windows");
  const B = windows.length;
  const T = Math.max(...windows.map((w) => w.input.length));
  const input = new Int32Array(B * T).fill(padId);
  const target = new Int32Array(B * T).fill(padId);
  windows.forEach((w, i) => {
    if (w.target.length !== w.input.length)
      throw new Error(
        `makeGptBatch: window ${i} has ${w.input.length} inputs but ${w.target.length} targets`,
      );
    input.set(w.input, i * T);
    target.set(w.target, i * T);
  });
  return {
    input: tf.tensor2d(input, [B, T], "int32"),
    target: tf.tensor2d(target, [B, T], "int32"),
    tokens: targetCount(windows, padId),
  };
}

export function disposeGptBatch(batch: GptBatch): void {
  tf.dispose([batch.input, batch.target]);
}

export interface LossEvaluation {
  /** Mean cross-entropy per scored target, in nats. */
  loss: number;
  /** The same in bits (loss / ln 2). */
  bitsPerToken: number;
  /** Share of scored targets that are the arg-max prediction. */
  accuracy: number;
  /** Scored targets. */
  tokens: number;
}

/** Mean loss over windows without dropout, in batches of similar length. */
export function evaluateWindows(model: GPT, windows: readonly LmWindow[], batchSize = 64): LossEvaluation {
  const padId = model.config.padId;
  let nats = 0;
  let correct = 0;
  let tokens = 0;
  for (const idx of lengthBucketedBatches(
    windows.map((w) => w.input.length),
    batchSize,
    0,
  )) {
    const batch = makeGptBatch(
      idx.map((i) => windows[i]!),
      padId,
    );
    const r = model.loss(batch, false);
    nats += r.loss.dataSync()[0]! * batch.tokens;
    correct += r.correct.dataSync()[0]!;
    tokens += batch.tokens;
    tf.dispose([r.loss, r.correct]);
    disposeGptBatch(batch);
  }
  const loss = nats / Math.max(1, tokens);
  return { loss, bitsPerToken: loss / Math.LN2, accuracy: correct / Math.max(1, tokens), tokens };
}

/**
 * The loss of a batch of windows for the training loop. The batch's tensors live until the next
 * call or release() (the loop differentiates through them after loss returns).
 */
export function windowLoss(model: GPT): {
  loss: (windows: LmWindow[], training: boolean) => StepOutput;
  release: () => void;
} {
  let current: GptBatch | undefined;
  const release = () => {
    if (current) disposeGptBatch(current);
    current = undefined;
  };
  const loss = (windows: LmWindow[], training: boolean): StepOutput => {
    release(); // the previous step's tensors
    current = makeGptBatch(windows, model.config.padId);
    const r = model.loss(current, training);
    return { loss: r.loss, correct: r.correct, count: current.tokens };
  };
  return { loss, release };
}

export interface GptTaskOptions {
  bosId: number;
  eosId: number;
  /** Windows per batch (default 32). */
  batchSize?: number;
  /** Seed of the batch order (default 1; epoch e uses seed + e). */
  seed?: number;
  /** Window stride for long sequences (default contextLength / 2). */
  stride?: number;
  /** Windows per validation batch (default 64). */
  validationBatchSize?: number;
}

export interface GptTrainTask extends TrainTask<LmWindow[]> {
  /** Training windows (one epoch) and their scored targets: the unit of work is targets × epochs. */
  trainWindows: LmWindow[];
  trainTargets: number;
  validationWindows: LmWindow[];
  /** Frees the tensors of the last batch. */
  dispose(): void;
}

/**
 * A TrainTask over id sequences (e.g. poems, one array of character ids each). The validation
 * result is the loss in nats per predicted id ([EOS] included) and the top-1 accuracy.
 */
export function gptTrainTask(
  model: GPT,
  data: { train: readonly (readonly number[])[]; validation: readonly (readonly number[])[] },
  options: GptTaskOptions,
): GptTrainTask {
  const { padId, contextLength, vocabSize } = model.config;
  for (const [name, id] of [
    ["bosId", options.bosId],
    ["eosId", options.eosId],
  ] as const)
    if (!Number.isInteger(id) || id < 0 || id >= vocabSize || id === padId)
      throw new Error(
        `gptTrainTask: ${name} must be an id in [0, ${vocabSize}) other than padId ${padId}, got ${id}`,
      );
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`gptTrainTask: batchSize must be a positive integer, got ${batchSize}`);
  const seed = options.seed ?? 1;
  const windowOptions = { ...options, padId, contextLength };
  const trainWindows = data.train.flatMap((s) => sequenceWindows(s, windowOptions));
  const validationWindows = data.validation.flatMap((s) => sequenceWindows(s, windowOptions));
  if (trainWindows.length === 0) throw new Error("gptTrainTask: no training sequences");
  const lengths = trainWindows.map((w) => w.input.length);
  const { loss, release } = windowLoss(model);
  return {
    variables: model.variables(),
    trainWindows,
    trainTargets: targetCount(trainWindows, padId),
    validationWindows,
    batches: (epoch) =>
      lengthBucketedBatches(lengths, batchSize, seed + epoch).map((idx) => idx.map((i) => trainWindows[i]!)),
    loss,
    validate: (): ValidationResult => {
      const r = evaluateWindows(model, validationWindows, options.validationBatchSize ?? 64);
      return { loss: r.loss, accuracy: r.accuracy };
    },
    dispose: release,
  };
}
