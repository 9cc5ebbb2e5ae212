/**
 * The English → Chinese translator as the site runs it (browser-safe: tfjs-core and `fetch` only).
 *
 * The same model code and files (model.json, weights.bin, vocab.en.json, vocab.zh.json) and the same
 * tokenizers as `npm run translate` (greedy decoding, its default), through ./translation's
 * `translate` and `crossAttentionFor`. Added for the playground: the source words the model read
 * with a truncation flag, the cross-attention of every decoder layer and head, the bytes downloaded
 * and a latency measurement.
 */
import { tokenizeEnglish } from "../../tokenizers/english";
import { countingFetch, timeRuns, type LatencyStats } from "../browser";
import type { DownloadSize } from "../sentiment/browser";
import { crossAttentionFor, loadModelFromUrl, translate, type TranslationVocabularies } from "./translate";
import type { Translator } from "./model";

/** Source words encodeSource keeps (its default maxTokens); [EOS] follows them. */
export const MAX_SOURCE_WORDS = 40;

export interface TranslationAnalysis {
  /** The Chinese output, as the CLI prints it. */
  translation: string;
  /** Source tokens (English words, "?" marks a word outside the vocabulary, then [EOS]): the columns. */
  source: string[];
  /** Target tokens (Chinese characters, then [EOS]): the rows. */
  target: string[];
  /** Cross-attention [decoder layer][head][target row][source column]; each row sums to 1. */
  crossAttention: number[][][][];
  /** English words in the input, before truncation. */
  totalWords: number;
  maxWords: number;
  /** true when words past maxWords were dropped. */
  truncated: boolean;
}

/** English → Chinese with greedy decoding (the CLI's default), one sentence. */
export async function translateOne(
  model: Translator,
  vocabs: TranslationVocabularies,
  english: string,
): Promise<string> {
  return (await translate(model, vocabs, [english]))[0] ?? "";
}

/** One sentence → translation and its cross-attention (decoder run teacher-forced on its own output). */
export async function analyzeTranslation(
  model: Translator,
  vocabs: TranslationVocabularies,
  english: string,
): Promise<TranslationAnalysis> {
  const translation = await translateOne(model, vocabs, english);
  const a = crossAttentionFor(model, vocabs, english, translation);
  const totalWords = tokenizeEnglish(english).length;
  return {
    translation,
    source: a.source,
    target: a.target,
    crossAttention: a.weights,
    totalWords,
    maxWords: MAX_SOURCE_WORDS,
    truncated: totalWords > MAX_SOURCE_WORDS,
  };
}

/** Times `runs` translations of `english` after one warm-up. */
export function timeTranslations(
  model: Translator,
  vocabs: TranslationVocabularies,
  english: string,
  runs = 5,
  now?: () => number,
): Promise<LatencyStats> {
  return timeRuns(() => translateOne(model, vocabs, english), runs, now);
}

export interface LoadedTranslation {
  model: Translator;
  vocabs: TranslationVocabularies;
  metadata: Record<string, unknown>;
  size: DownloadSize;
}

/** Loads `${baseUrl}model.json`, its weights and both vocabularies, counting the bytes of each. */
export async function loadTranslationForBrowser(
  baseUrl: string,
  options: { fetch?: typeof fetch } = {},
): Promise<LoadedTranslation> {
  const { fetch: counting, files } = countingFetch(options.fetch);
  const { model, vocabs, metadata } = await loadModelFromUrl(baseUrl, { fetch: counting });
  const vocabulary = Object.entries(files)
    .filter(([f]) => f !== "model.json" && f.endsWith(".json"))
    .reduce((a, [, n]) => a + n, 0);
  const total = Object.values(files).reduce((a, b) => a + b, 0);
  return { model, vocabs, metadata, size: { files, model: total - vocabulary, vocabulary, total } };
}
