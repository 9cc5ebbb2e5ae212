/**
 * The Node side of the sentiment demo (notebook 03, `npm run sentiment`): the model on disk,
 * energy of a batch of predictions, attention maps of chosen sentences, and a results table with
 * accuracy per kWh. It re-exports the browser-safe models/sentiment, so that this module is the
 * whole demo (the library's `sentiment` namespace).
 *
 * On disk (one atomic save, experiments/modelStore.ts):
 *
 *   <dir>/model.json    tfjs weights manifest + modelConfig { kind, model, vocabulary } + metadata
 *   <dir>/weights.bin   float32 weights
 *   <dir>/vocab.json    the Vocabulary (llm-footprint/vocabulary JSON)
 *
 * The browser reads the same folder with models/sentiment's loadModelFromUrl.
 */
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { measure, type MeterOptions } from "../energy";
import type { EnergyRecord } from "../energy";
import { Vocabulary } from "../tokenizers/vocabulary";
import { normalizeSst2Style, splitTokens } from "../tokenizers/sst2Style";
import {
  SENTIMENT_VOCAB_FILE,
  encodeForSentiment,
  sentimentFromDecoded,
  type SentimentClassifier,
  type SentimentModelConfig,
} from "../models/sentiment/classifier";
import { padIds } from "../models/train";
import * as store from "./modelStore";

export * from "../models/sentiment";

/** Saves model and vocabulary into dir in one atomic step; metadata goes into model.json. */
export async function saveModel(
  dir: string,
  model: SentimentClassifier,
  vocab: Vocabulary,
  metadata: Record<string, unknown> = {},
): Promise<store.SavedModel> {
  const config: SentimentModelConfig = {
    kind: "sentiment-classifier",
    model: model.config,
    vocabulary: SENTIMENT_VOCAB_FILE,
  };
  return store.saveModel(dir, model.variables(), config, {
    metadata,
    files: { [SENTIMENT_VOCAB_FILE]: JSON.stringify(vocab.toJSON()) + "\n" },
  });
}

/** Loads what saveModel wrote (also models saved before the single store). */
export async function loadModel(
  dir: string,
): Promise<{ model: SentimentClassifier; vocab: Vocabulary; metadata: Record<string, unknown> }> {
  const decoded = await store.loadModel<SentimentModelConfig>(dir);
  let vocab: Vocabulary;
  try {
    const vocabName = store.checkModelFileName(
      decoded.config.vocabulary ?? SENTIMENT_VOCAB_FILE,
      "modelConfig.vocabulary",
      path.join(path.resolve(dir), "model.json"),
    );
    vocab = Vocabulary.fromJSON(await store.readModelFile(dir, vocabName));
  } catch (e) {
    tf.dispose(Object.values(decoded.weights));
    throw e;
  }
  const model = sentimentFromDecoded(decoded, vocab, path.join(path.resolve(dir), "model.json"));
  return { model, vocab, metadata: decoded.metadata };
}

/** Sentences for the attention heatmaps: one per phenomenon the model should handle. */
export const ATTENTION_SENTENCES: readonly { name: string; text: string }[] = [
  { name: "clear positive", text: "a gorgeous , witty and deeply moving film ." },
  { name: "clear negative", text: "a dull , lifeless and badly acted mess ." },
  { name: "negation", text: "the acting is not good ." },
  { name: "contrast", text: "the cast is strong , but the script is a tired bore ." },
];

export interface AttentionMap {
  text: string;
  /** Tokens as the model reads them (after normalization, [UNK] for unknown words). */
  tokens: string[];
  /** p(positive). */
  p: number;
  /** weights[layer][head][query][key] */
  weights: number[][][][];
}

/** Runs one sentence at a time (no padding) and returns its per-layer, per-head attention. */
export function attentionMaps(
  model: SentimentClassifier,
  vocab: Vocabulary,
  texts: readonly string[],
): AttentionMap[] {
  return texts.map((text) => {
    const ids = encodeForSentiment(text, vocab, model.config);
    const input = padIds([ids], model.config.padId);
    const { proba, weights } = model.forwardWithAttention(input);
    const out: AttentionMap = {
      text,
      tokens: vocab.decode(ids),
      p: proba.dataSync()[0]!,
      weights: weights.map((w) => (w.arraySync() as number[][][][])[0]!),
    };
    tf.dispose([input, proba, ...weights]);
    return out;
  });
}

/** Words of the text the vocabulary does not know (they become [UNK]). */
export function unknownWords(text: string, vocab: Vocabulary): string[] {
  return splitTokens(normalizeSst2Style(text)).filter((t) => !vocab.has(t));
}

export interface PredictionEnergy {
  record: EnergyRecord;
  predictions: number;
  joulesPer1000: number;
  secondsPer1000: number;
}

/**
 * Measures the energy of `predict(texts)` repeated until at least `minSeconds` have passed
 * (a very cheap method is run many times, so that the meter sees more than timer noise),
 * and reports joules and seconds per 1,000 predictions.
 */
export async function measurePredictions(
  label: string,
  predict: (texts: readonly string[]) => unknown,
  texts: readonly string[],
  options: { minSeconds?: number; meter?: MeterOptions } = {},
): Promise<PredictionEnergy> {
  const minSeconds = options.minSeconds ?? 2;
  const { result: predictions, record } = await measure(
    label,
    async () => {
      const start = performance.now();
      let n = 0;
      do {
        predict(texts);
        n += texts.length;
      } while ((performance.now() - start) / 1000 < minSeconds);
      return n;
    },
    { ...options.meter, work: (n) => ({ unit: "predictions", count: n }) },
  );
  return {
    record,
    predictions,
    joulesPer1000: (record.joules.total / predictions) * 1000,
    secondsPer1000: (record.seconds / predictions) * 1000,
  };
}

export interface MethodResult {
  method: string;
  accuracy: number;
  macroF1: number;
  trainingJoules: number;
  joulesPer1000: number;
}

/**
 * Rows for the results table: accuracy, macro-F1, energy, and accuracy per kWh, where the kWh
 * are those of training plus 1,000 predictions (the cost of having the method answer 1,000 queries).
 */
export function resultsTable(methods: readonly MethodResult[]): Record<string, string | number>[] {
  return methods.map((m) => {
    const kWh = (m.trainingJoules + m.joulesPer1000) / 3.6e6;
    return {
      method: m.method,
      "dev accuracy": round(m.accuracy, 4),
      "macro-F1": round(m.macroF1, 4),
      "training (J)": round(m.trainingJoules, 3),
      "J per 1,000 predictions": round(m.joulesPer1000, 4),
      "accuracy per kWh (training + 1,000 predictions)": kWh > 0 ? (m.accuracy / kWh).toPrecision(3) : "∞",
    };
  });
}

function round(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}
