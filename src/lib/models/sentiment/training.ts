/**
 * Training and evaluating the sentiment classifier on labelled texts (SST-2 or any
 * `{ text, label }` rows): vocabulary from the training split, length-bucketed batches,
 * cross-entropy loss, validation for early stopping, and dev-set predictions.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { LabeledText } from "../../data/sst2";
import { Vocabulary } from "../../tokenizers/vocabulary";
import { normalizeSst2Style, splitTokens } from "../../tokenizers/sst2Style";
import {
  lengthBucketedBatches,
  padIds,
  train,
  type StepOutput,
  type TrainConfig,
  type TrainResult,
} from "../train";
import {
  SentimentClassifier,
  encodeForSentiment,
  type SentimentClassifierConfig,
  type SentimentModel,
} from "./classifier";
import { MeanPoolClassifier } from "./meanPool";

export interface EncodedSet {
  ids: number[][];
  labels: number[];
}

export interface SentimentTrainingConfig {
  /** Model shape (vocabSize is set from the vocabulary). */
  model?: Omit<SentimentClassifierConfig, "vocabSize" | "padId">;
  /** Vocabulary: minimum count in the training split (default 1) and size cap, specials included (default 8000). */
  minFrequency?: number;
  maxVocabulary?: number;
  /** Examples per training batch (default 64). */
  batchSize?: number;
  /** Seed of the vocabulary-independent randomness: initial weights, batch order, dropout (default 0). */
  seed?: number;
  /** The training loop's settings. */
  train?: TrainConfig;
}

export interface TrainedSentiment {
  model: SentimentClassifier;
  vocab: Vocabulary;
  result: TrainResult;
}

/** Builds the vocabulary from training texts, with the same normalization the classifier applies. */
export function buildVocabulary(rows: readonly LabeledText[], minFrequency = 1, maxSize = 8000): Vocabulary {
  return Vocabulary.build(
    rows.map((r) => splitTokens(normalizeSst2Style(r.text))),
    { minFrequency, maxSize },
  );
}

export function encodeRows(
  rows: readonly LabeledText[],
  vocab: Vocabulary,
  model: Pick<SentimentModel, "config">,
): EncodedSet {
  return {
    ids: rows.map((r) => encodeForSentiment(r.text, vocab, model.config)),
    labels: rows.map((r) => r.label),
  };
}

/** Mean cross-entropy and number correct on one padded batch. ids [B, T], labels [B]. */
export function sentimentStep(
  model: SentimentModel,
  ids: tf.Tensor2D,
  labels: tf.Tensor1D,
  training: boolean,
): StepOutput {
  const logits = model.logits(ids, { training }); // [B, 2]
  const logp = tf.logSoftmax(logits); // [B, 2]
  const onehot = tf.oneHot(labels, 2); // [B, 2]
  const loss = tf.neg(tf.mean(tf.sum(tf.mul(onehot, logp), 1))) as tf.Scalar;
  const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), "float32")) as tf.Scalar;
  return { loss, correct, count: labels.shape[0] };
}

export interface SentimentEvaluation {
  loss: number;
  accuracy: number;
  /** p(positive) per example, in input order. */
  proba: number[];
}

/** Loss, accuracy and p(positive) over an encoded set (inference mode, length-sorted batches). */
export function evaluateEncoded(
  model: SentimentModel,
  set: EncodedSet,
  batchSize = 256,
): SentimentEvaluation {
  const n = set.ids.length;
  const order = set.ids.map((_, i) => i).sort((a, b) => set.ids[a]!.length - set.ids[b]!.length);
  const proba = new Array<number>(n);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < n; start += batchSize) {
    const idx = order.slice(start, start + batchSize);
    const [p, l] = tf.tidy(() => {
      const ids = padIds(
        idx.map((i) => set.ids[i]!),
        model.config.padId,
      );
      const labels = tf.tensor1d(
        idx.map((i) => set.labels[i]!),
        "int32",
      );
      const logits = model.logits(ids);
      const probs = tf.softmax(logits);
      const nll = tf.neg(tf.sum(tf.mul(tf.oneHot(labels, 2), tf.logSoftmax(logits))));
      return [tf.reshape(tf.slice(probs, [0, 1], [-1, 1]), [-1]), nll];
    });
    const pv = p.dataSync();
    lossSum += l.dataSync()[0]!;
    idx.forEach((i, j) => {
      proba[i] = pv[j]!;
      if ((pv[j]! >= 0.5 ? 1 : 0) === set.labels[i]) correct++;
    });
    tf.dispose([p, l]);
  }
  return { loss: lossSum / Math.max(1, n), accuracy: correct / Math.max(1, n), proba };
}

/**
 * The configuration of notebook 04's reference run: 2 blocks, d_model 64, 4 heads, FFN 128, vocabulary 8,000,
 * batches of 64, 2 epochs with a 20-minute budget, validation every 250 steps. Quick mode: 1 epoch, 60 s.
 */
export function referenceConfig(seed = 0, options: { quick?: boolean } = {}): SentimentTrainingConfig {
  const quick = options.quick ?? false;
  return {
    model: { dModel: 64, heads: 4, layers: 2, dFF: 128, dropout: 0.1, maxLength: 64, pooling: "mean" },
    maxVocabulary: 8000,
    batchSize: 64,
    seed,
    train: {
      epochs: quick ? 1 : 2,
      learningRate: 1e-3,
      warmupSteps: quick ? 10 : 300,
      evaluateEvery: quick ? 20 : 250,
      patience: 4,
      maxSeconds: quick ? 60 : 20 * 60, // the budget: stop after 20 minutes whatever happens
      progress: "log",
    },
  };
}

/** Builds the vocabulary from the training rows and a seeded, untrained model sized to it. */
export function buildModel(
  trainRows: readonly LabeledText[],
  config: SentimentTrainingConfig = {},
): { model: SentimentClassifier; vocab: Vocabulary } {
  const vocab = buildVocabulary(trainRows, config.minFrequency ?? 1, config.maxVocabulary ?? 8000);
  const model = new SentimentClassifier({
    ...config.model,
    seed: config.seed ?? 0,
    vocabSize: vocab.size,
    padId: vocab.padId,
  });
  return { model, vocab };
}

/**
 * Trains `model` on `trainRows` with early stopping on `validationRows` (length-bucketed batches,
 * cross-entropy). Afterwards the model holds the best validation weights.
 */
export async function fit(
  model: SentimentModel,
  vocab: Vocabulary,
  trainRows: readonly LabeledText[],
  validationRows: readonly LabeledText[],
  config: SentimentTrainingConfig = {},
): Promise<TrainResult> {
  const seed = config.seed ?? 0;
  const trainSet = encodeRows(trainRows, vocab, model);
  const validationSet = encodeRows(validationRows, vocab, model);
  const lengths = trainSet.ids.map((s) => s.length);
  const batchSize = config.batchSize ?? 64;
  return train(
    {
      variables: model.variables(),
      batches: (epoch) => lengthBucketedBatches(lengths, batchSize, seed * 1000 + epoch),
      loss: (idx, training) => {
        const ids = padIds(
          idx.map((i) => trainSet.ids[i]!),
          vocab.padId,
        );
        const labels = tf.tensor1d(
          idx.map((i) => trainSet.labels[i]!),
          "int32",
        );
        return sentimentStep(model, ids, labels, training);
      },
      validate: () => {
        const e = evaluateEncoded(model, validationSet);
        return { loss: e.loss, accuracy: e.accuracy };
      },
    },
    config.train,
  );
}

/**
 * The ablation of buildModel: the same vocabulary, embedding width, dropout, seed and classifier head,
 * with the encoder blocks (attention and feed-forward layers) removed: mean-pooled embeddings.
 */
export function buildMeanPoolModel(
  trainRows: readonly LabeledText[],
  config: SentimentTrainingConfig = {},
): { model: MeanPoolClassifier; vocab: Vocabulary } {
  const vocab = buildVocabulary(trainRows, config.minFrequency ?? 1, config.maxVocabulary ?? 8000);
  const model = new MeanPoolClassifier({
    dModel: config.model?.dModel,
    maxLength: config.model?.maxLength,
    dropout: config.model?.dropout,
    seed: config.seed ?? 0,
    vocabSize: vocab.size,
    padId: vocab.padId,
  });
  return { model, vocab };
}

/** buildModel + fit. */
export async function trainSentiment(
  trainRows: readonly LabeledText[],
  validationRows: readonly LabeledText[],
  config: SentimentTrainingConfig = {},
): Promise<TrainedSentiment> {
  const { model, vocab } = buildModel(trainRows, config);
  const result = await fit(model, vocab, trainRows, validationRows, config);
  return { model, vocab, result };
}
