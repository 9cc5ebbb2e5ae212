/**
 * The sentiment classifier as the site runs it (browser-safe: tfjs-core and `fetch` only).
 *
 * The same model code (./classifier.ts), the same model files (model.json, weights.bin,
 * vocab.json) and the same tokenizer (SST-2-style normalization + the saved Vocabulary) as the
 * Node CLI `npm run sentiment`, so a sentence gets the same probability in both places.
 * What this module adds for the playground: the tokens the model actually read (with a truncation
 * flag), per-layer per-head attention weights as plain arrays, the bytes downloaded, and a
 * latency measurement.
 */
import * as tf from "@tensorflow/tfjs-core";
import { CLS, type Vocabulary } from "../../tokenizers/vocabulary";
import { normalizeSst2Style, splitTokens } from "../../tokenizers/sst2Style";
import { padIds } from "../train/batches";
import { encodeForSentiment, loadModelFromUrl, type SentimentClassifier } from "./classifier";
import { countingFetch, timeRuns, type LatencyStats } from "../browser";

export { median, type LatencyStats } from "../browser";

export type SentimentLabel = "positive" | "negative";

/** The label the CLI prints for p(positive): positive when p ≥ 0.5. */
export function sentimentLabel(p: number): SentimentLabel {
  return p >= 0.5 ? "positive" : "negative";
}

export interface SentimentTokens {
  /** Tokens the model reads, in order ([CLS] first when the model pools on it), after truncation. */
  tokens: string[];
  /** Their ids: exactly `encodeForSentiment(text, vocab, config)`, what the CLI feeds the model. */
  ids: number[];
  /** true where the token is not in the vocabulary (the model sees [UNK]). */
  unknown: boolean[];
  /** Tokens the text has, [CLS] included, before truncation. */
  totalTokens: number;
  /** The model's maximum length (tokens). */
  maxLength: number;
  /** true when tokens past maxLength were dropped. */
  truncated: boolean;
}

/** Text → the tokens and ids the classifier reads (same rules as the CLI), with a truncation flag. */
export function tokenizeForSentiment(
  text: string,
  vocab: Vocabulary,
  config: SentimentClassifier["config"],
): SentimentTokens {
  const words = splitTokens(normalizeSst2Style(text));
  const all = config.pooling === "cls" ? [CLS, ...words] : words;
  const ids = encodeForSentiment(text, vocab, config);
  // encodeForSentiment gives an empty text one [UNK] token; show it as such.
  const tokens = all.length > 0 ? all.slice(0, config.maxLength) : [vocab.tokenOf(vocab.unkId)];
  if (tokens.length !== ids.length)
    throw new Error(
      `tokenizeForSentiment: ${tokens.length} tokens but ${ids.length} ids for ${JSON.stringify(text)}`,
    );
  return {
    tokens,
    ids,
    unknown: ids.map((id, i) => id === vocab.unkId && tokens[i] !== vocab.tokenOf(vocab.unkId)),
    totalTokens: all.length,
    maxLength: config.maxLength,
    truncated: all.length > config.maxLength,
  };
}

export interface SentimentAnalysis extends SentimentTokens {
  /** p(positive). */
  probability: number;
  label: SentimentLabel;
  /** Attention weights [layer][head][query][key], each row sums to 1 over the T tokens. */
  attention: number[][][][];
}

/** Splits a flat [L·H·T·T] array into [L][H][T][T]. */
function unflatten(
  data: Float32Array | Int32Array | Uint8Array,
  L: number,
  H: number,
  T: number,
): number[][][][] {
  const out: number[][][][] = [];
  for (let l = 0; l < L; l++) {
    const layer: number[][][] = [];
    for (let h = 0; h < H; h++) {
      const head: number[][] = [];
      for (let q = 0; q < T; q++) {
        const start = ((l * H + h) * T + q) * T;
        head.push(Array.from(data.subarray(start, start + T)));
      }
      layer.push(head);
    }
    out.push(layer);
  }
  return out;
}

/**
 * One sentence → probability, label, tokens and attention weights of every layer and head.
 * Reads the results back asynchronously (no GPU stall on webgl/webgpu); leaves no tensors behind.
 */
export async function analyzeSentiment(
  model: SentimentClassifier,
  vocab: Vocabulary,
  text: string,
): Promise<SentimentAnalysis> {
  const tok = tokenizeForSentiment(text, vocab, model.config);
  const T = tok.ids.length;
  const ids = padIds([tok.ids], model.config.padId); // [1, T]
  const { proba, weights } = model.forwardWithAttention(ids); // proba [1], weights L × [1, H, T, T]
  const stacked = tf.stack(weights); // [L, 1, H, T, T]
  try {
    const [p, w] = await Promise.all([proba.data(), stacked.data()]);
    const probability = p[0]!;
    return {
      ...tok,
      probability,
      label: sentimentLabel(probability),
      attention: unflatten(w, weights.length, model.config.heads, T),
    };
  } finally {
    tf.dispose([ids, proba, stacked, ...weights]);
  }
}

/** p(positive) of one sentence, read back asynchronously. */
export async function predictSentiment(
  model: SentimentClassifier,
  vocab: Vocabulary,
  text: string,
): Promise<number> {
  const ids = padIds([encodeForSentiment(text, vocab, model.config)], model.config.padId); // [1, T]
  const p = model.predictProba(ids); // [1]
  try {
    return (await p.data())[0]!;
  } finally {
    tf.dispose([ids, p]);
  }
}

/** Times `runs` predictions of `text` after one warm-up; `now` defaults to performance.now. */
export function timePredictions(
  model: SentimentClassifier,
  vocab: Vocabulary,
  text: string,
  runs = 20,
  now?: () => number,
): Promise<LatencyStats> {
  return timeRuns(() => predictSentiment(model, vocab, text), runs, now);
}

export interface DownloadSize {
  /** Bytes per file name (model.json, weights.bin, vocab.json), as received (after HTTP decompression). */
  files: Record<string, number>;
  /** model.json + weight files. */
  model: number;
  /** The vocabulary file. */
  vocabulary: number;
  /** Everything. */
  total: number;
}

export interface LoadedSentiment {
  model: SentimentClassifier;
  vocab: Vocabulary;
  metadata: Record<string, unknown>;
  size: DownloadSize;
}

/**
 * Loads `${baseUrl}model.json`, its weights and vocab.json (the site: useBaseUrl("/models/sentiment/"))
 * and counts the bytes of each file. Initialise a backend first.
 */
export async function loadSentimentForBrowser(
  baseUrl: string,
  options: { fetch?: typeof fetch } = {},
): Promise<LoadedSentiment> {
  const { fetch: counting, files } = countingFetch(options.fetch);
  const { model, vocab, metadata } = await loadModelFromUrl(baseUrl, { fetch: counting });
  const vocabName = Object.keys(files).find((f) => f !== "model.json" && f.endsWith(".json"));
  const vocabulary = vocabName ? files[vocabName]! : 0;
  const total = Object.values(files).reduce((a, b) => a + b, 0);
  return { model, vocab, metadata, size: { files, model: total - vocabulary, vocabulary, total } };
}
