/**
 * Training and evaluation of the English → Chinese Translator on the shared training loop
 * (browser-safe).
 *
 *   const data = prepareData(splits);             // vocabularies + id sequences
 *   const model = new Translator({ srcVocabSize: data.vocabs.src.size, tgtVocabSize: data.vocabs.tgt.size });
 *   const result = await fit(model, data, { epochs: 10 });
 *   const scores = await evaluate(model, data.vocabs, splits.test, { beam: 4 });
 */
import * as tf from "@tensorflow/tfjs-core";
import type { SentencePair, TranslationSplits } from "../../data/tatoeba";
import { corpusBleu } from "../../eval/bleu";
import { corpusChrf } from "../../eval/chrf";
import { buildChineseVocabulary } from "../../tokenizers/chinese";
import { BOS, EOS, buildEnglishVocabulary } from "../../tokenizers/english";
import { lengthBucketedBatches, padIds, train, type TrainConfig, type TrainResult } from "../train";
import {
  encodeSource,
  encodeTarget,
  translate,
  type TranslateOptions,
  type TranslationVocabularies,
} from "./translate";
import type { TranslationBatch, Translator } from "./model";

export interface EncodedPair {
  /** Source ids: words then [EOS]. */
  src: number[];
  /** Target ids: characters, no specials. */
  tgt: number[];
}

export interface PrepareOptions {
  /** English words seen fewer times in training become [UNK] (default 2). */
  minWordFrequency?: number;
  /** Chinese characters seen fewer times become [UNK] (default 2). */
  minCharFrequency?: number;
  /** Training pairs longer than this (English words) are left out (default 30). */
  maxSourceTokens?: number;
  /** Training pairs longer than this (Chinese characters) are left out (default 40). */
  maxTargetTokens?: number;
}

export interface TranslationData {
  vocabs: TranslationVocabularies;
  train: EncodedPair[];
  validation: EncodedPair[];
  /** Training pairs left out for length. */
  droppedForLength: number;
}

/** Builds the vocabularies from the training split only and encodes train and validation. */
export function prepareData(
  splits: Pick<TranslationSplits, "train" | "validation">,
  options: PrepareOptions = {},
): TranslationData {
  const maxS = options.maxSourceTokens ?? 30;
  const maxT = options.maxTargetTokens ?? 40;
  const src = buildEnglishVocabulary(
    splits.train.map((p) => p.en),
    options.minWordFrequency ?? 2,
  );
  const tgt = buildChineseVocabulary(
    splits.train.map((p) => p.zh),
    options.minCharFrequency ?? 2,
  );
  const vocabs = { src, tgt };
  const encode = (p: SentencePair): EncodedPair => ({
    src: encodeSource(src, p.en, 1000),
    tgt: encodeTarget(tgt, p.zh, 1000),
  });
  const all = splits.train.map(encode);
  const trainPairs = all.filter((e) => e.src.length - 1 <= maxS && e.tgt.length <= maxT);
  // Validation pairs are cut (not dropped) to the length limits, keeping the final [EOS] of the source.
  const validation = splits.validation.map(encode).map((e) => ({
    src: e.src.slice(0, maxS).concat(e.src.length > maxS ? [e.src.at(-1)!] : []),
    tgt: e.tgt.slice(0, maxT),
  }));
  return { vocabs, train: trainPairs, validation, droppedForLength: all.length - trainPairs.length };
}

/** Builds the padded tensors of one teacher-forced batch. */
export function makeBatch(
  pairs: readonly EncodedPair[],
  vocabs: TranslationVocabularies,
  padId = 0,
): TranslationBatch {
  const bos = vocabs.tgt.idOfSpecial(BOS);
  const eos = vocabs.tgt.idOfSpecial(EOS);
  const T = Math.max(...pairs.map((p) => p.tgt.length)) + 1;
  return {
    src: padIds(
      pairs.map((p) => p.src),
      padId,
    ),
    tgtIn: padIds(
      pairs.map((p) => [bos, ...p.tgt]),
      padId,
      T,
    ),
    tgtOut: padIds(
      pairs.map((p) => [...p.tgt, eos]),
      padId,
      T,
    ),
    tokens: pairs.reduce((n, p) => n + p.tgt.length + 1, 0),
  };
}

export function disposeBatch(b: TranslationBatch): void {
  tf.dispose([b.src, b.tgtIn, b.tgtOut]);
}

export interface TranslatorTrainConfig extends TrainConfig {
  /** Sentence pairs per batch (default 64). */
  batchSize?: number;
  /** Label smoothing ε (default 0.1). */
  labelSmoothing?: number;
  /** Seed of the batch order (default 1). */
  seed?: number;
}

/** Mean label-smoothed loss and token accuracy over pairs (no dropout). */
export function translationLoss(
  model: Translator,
  data: Pick<TranslationData, "vocabs">,
  pairs: readonly EncodedPair[],
  batchSize = 128,
  labelSmoothing = 0.1,
): { loss: number; accuracy: number } {
  let lossSum = 0;
  let correct = 0;
  let tokens = 0;
  const batches = lengthBucketedBatches(
    pairs.map((p) => p.tgt.length),
    batchSize,
    0,
  );
  for (const idx of batches) {
    const batch = makeBatch(
      idx.map((i) => pairs[i]!),
      data.vocabs,
      model.config.padId,
    );
    const r = model.loss(batch, false, labelSmoothing);
    lossSum += r.loss.dataSync()[0]! * batch.tokens;
    correct += r.correct.dataSync()[0]!;
    tokens += batch.tokens;
    tf.dispose([r.loss, r.correct]);
    disposeBatch(batch);
  }
  return { loss: lossSum / Math.max(1, tokens), accuracy: correct / Math.max(1, tokens) };
}

/**
 * Trains with teacher forcing, label smoothing, warm-up then linear decay (shared `train` loop:
 * Adam, gradient clipping, validation each epoch, early stopping that restores the best weights).
 * Batches group pairs of similar target length, so padding stays small.
 */
export async function fit(
  model: Translator,
  data: TranslationData,
  config: TranslatorTrainConfig = {},
): Promise<TrainResult> {
  const batchSize = config.batchSize ?? 64;
  const ls = config.labelSmoothing ?? 0.1;
  const seed = config.seed ?? 1;
  const lengths = data.train.map((p) => Math.max(p.tgt.length + 1, p.src.length));
  let current: TranslationBatch | undefined;
  return train<number[]>(
    {
      variables: model.variables(),
      batches: (epoch) => lengthBucketedBatches(lengths, batchSize, seed + epoch),
      loss: (idx, training) => {
        // Tensors of the batch live for one step; the previous one is freed here.
        if (current) disposeBatch(current);
        current = makeBatch(
          idx.map((i) => data.train[i]!),
          data.vocabs,
          model.config.padId,
        );
        const r = model.loss(current, training, ls);
        return { loss: r.loss, correct: r.correct, count: current.tokens };
      },
      validate: () => translationLoss(model, data, data.validation, 128, ls),
    },
    config,
  ).finally(() => {
    if (current) disposeBatch(current);
  });
}

export interface TranslationScores {
  /** Corpus BLEU, sacreBLEU "zh" tokenization (each Chinese character a token), 0–100. */
  bleu: number;
  /** Corpus chrF (n = 6, β = 2), 0–100. */
  chrf: number;
  /** One hypothesis per pair, in the order of `pairs`. */
  hypotheses: string[];
  references: string[];
  /** Sentences actually decoded (pairs sharing an English sentence are decoded once). */
  decodedSentences: number;
  seconds: number;
}

/**
 * Translates the English side of `pairs` (each distinct sentence once) and scores every pair
 * against its own reference: corpus BLEU and chrF over all pairs.
 */
export async function evaluate(
  model: Translator,
  vocabs: TranslationVocabularies,
  pairs: readonly SentencePair[],
  options: TranslateOptions = {},
): Promise<TranslationScores> {
  const start = performance.now();
  const distinct = [...new Set(pairs.map((p) => p.en))];
  const outputs = await translate(model, vocabs, distinct, options);
  const byEnglish = new Map(distinct.map((en, i) => [en, outputs[i]!]));
  const hypotheses = pairs.map((p) => byEnglish.get(p.en)!);
  const references = pairs.map((p) => p.zh);
  return {
    bleu: corpusBleu(hypotheses, references, { tokenize: "zh" }).score,
    chrf: corpusChrf(hypotheses, references).score,
    hypotheses,
    references,
    decodedSentences: distinct.length,
    seconds: (performance.now() - start) / 1000,
  };
}
