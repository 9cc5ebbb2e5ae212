/**
 * The pieces of the sentiment experiment that notebook 03 runs (Node only): energy of a batch
 * of predictions, attention maps of chosen sentences, and a results table with accuracy per kWh.
 */
import * as tf from "@tensorflow/tfjs-core";
import { measure, type MeterOptions } from "../energy";
import type { EnergyRecord } from "../energy";
import type { Vocabulary } from "../tokenizers/vocabulary";
import { normalizeSst2Style, splitTokens } from "../tokenizers/sst2Style";
import { encodeForSentiment, padBatch, type SentimentClassifier } from "../models/sentiment/classifier";

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
    const input = padBatch([ids], model.config.padId);
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
    options.meter,
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
