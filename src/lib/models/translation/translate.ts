/**
 * Text in, text out for the Translator (browser-safe): vocabularies, encoding of sentences,
 * batched translation with greedy or beam decoding, and cross-attention for one sentence.
 */
import * as tf from "@tensorflow/tfjs-core";
import { detokenizeChinese, tokenizeChinese } from "../../tokenizers/chinese";
import { BOS, EOS, detokenizeEnglish, tokenizeEnglish } from "../../tokenizers/english";
import { Vocabulary } from "../../tokenizers/vocabulary";
import { assignWeights, fetchModel, type DecodedModel, type LoadFromUrlOptions } from "../serialize";
import { padIds } from "../train/batches";
import { beamSearchDecode, greedyDecode } from "./decode";
import { Translator, type ResolvedTranslatorConfig } from "./model";

export const TRANSLATION_SRC_VOCAB_FILE = "vocab.en.json";
export const TRANSLATION_TGT_VOCAB_FILE = "vocab.zh.json";

/** modelConfig of a saved translator's model.json. */
export interface TranslationModelConfig {
  kind: "translator-en-zh";
  model: ResolvedTranslatorConfig;
  /** Vocabulary file names, relative to model.json. */
  vocabularies: { src: string; tgt: string };
}

export interface TranslationVocabularies {
  /** English words. */
  src: Vocabulary;
  /** Chinese characters. */
  tgt: Vocabulary;
}

/** English text → source ids: word ids then [EOS], cut to maxTokens (default 40 words). */
export function encodeSource(vocab: Vocabulary, text: string, maxTokens = 40): number[] {
  return [...vocab.encode(tokenizeEnglish(text).slice(0, maxTokens)), vocab.idOfSpecial(EOS)];
}

/** Chinese text → target ids (no [BOS]/[EOS]), cut to maxTokens (default 60 characters). */
export function encodeTarget(vocab: Vocabulary, text: string, maxTokens = 60): number[] {
  return vocab.encode(tokenizeChinese(text).slice(0, maxTokens));
}

/** Target ids → Chinese text; special tokens other than [UNK] are dropped. */
export function decodeTarget(vocab: Vocabulary, ids: readonly number[]): string {
  const specials = new Set(vocab.specials.filter((s) => s !== vocab.tokenOf(vocab.unkId)));
  return detokenizeChinese(vocab.decode(ids).filter((t) => !specials.has(t)));
}

export interface TranslateOptions {
  /** 1 = greedy decoding (default); > 1 = beam search with this many hypotheses. */
  beam?: number;
  /** Length penalty α of beam search (default 0.6). */
  lengthPenalty?: number;
  /** Most characters generated per sentence (default: 2·source length + 10). */
  maxLength?: number;
  /** Sentences decoded together (default 64). */
  batchSize?: number;
  /** Called after each batch with the number of sentences done. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Translates English sentences to Chinese, one output per input, in order. Empty (or
 * whitespace-only) inputs give empty outputs without running the model. Sentences are sorted by
 * length before batching so that each batch is padded little.
 */
export async function translate(
  model: Translator,
  vocabs: TranslationVocabularies,
  sentences: readonly string[],
  options: TranslateOptions = {},
): Promise<string[]> {
  const out = new Array<string>(sentences.length).fill("");
  const todo = sentences
    .map((s, i) => ({ i, ids: s.trim() === "" ? [] : encodeSource(vocabs.src, s) }))
    .filter((x) => x.ids.length > 0)
    .sort((a, b) => a.ids.length - b.ids.length);
  const batchSize = options.batchSize ?? 64;
  const decode = {
    bosId: vocabs.tgt.idOfSpecial(BOS),
    eosId: vocabs.tgt.idOfSpecial(EOS),
    ...(options.maxLength !== undefined ? { maxLength: options.maxLength } : {}),
  };
  for (let start = 0; start < todo.length; start += batchSize) {
    const chunk = todo.slice(start, start + batchSize);
    const src = chunk.map((x) => x.ids);
    const ids =
      (options.beam ?? 1) > 1
        ? beamSearchDecode(model, src, {
            ...decode,
            beamSize: options.beam,
            lengthPenalty: options.lengthPenalty,
          })
        : greedyDecode(model, src, decode);
    chunk.forEach((x, j) => (out[x.i] = decodeTarget(vocabs.tgt, ids[j]!)));
    options.onProgress?.(Math.min(start + batchSize, todo.length), todo.length);
    await tf.nextFrame?.(); // let a browser repaint between batches (no-op cost in Node)
  }
  return out;
}

export interface AlignmentMatrix {
  /** Source tokens (English words then [EOS]), the columns. */
  source: string[];
  /** Target tokens (Chinese characters then [EOS]), the rows. */
  target: string[];
  /** Per decoder layer, per head: weights[layer][head][row][col]; each row sums to 1. */
  weights: number[][][][];
}

/**
 * Cross-attention of a translation: which English words each Chinese character attended to.
 * Runs the decoder teacher-forced on `target` (typically the model's own output).
 */
export function crossAttentionFor(
  model: Translator,
  vocabs: TranslationVocabularies,
  english: string,
  chinese: string,
): AlignmentMatrix {
  const srcIds = encodeSource(vocabs.src, english);
  const tgtIds = encodeTarget(vocabs.tgt, chinese);
  const bos = vocabs.tgt.idOfSpecial(BOS);
  const layers = tf.tidy(() => {
    const ws = model.crossAttention(
      padIds([srcIds], model.config.padId),
      padIds([[bos, ...tgtIds]], model.config.padId),
    );
    return ws.map((w) => w.arraySync() as number[][][]);
  });
  const srcTokens = tokenizeEnglish(english).slice(0, srcIds.length - 1);
  return {
    source: [...srcTokens.map((t) => (vocabs.src.has(t) ? t : `${t}?`)), EOS],
    target: [...vocabs.tgt.decode(tgtIds), EOS],
    weights: layers,
  };
}

/** The source sentence as the model sees it ([UNK] for unknown words), for display. */
export function sourceAsSeen(vocabs: TranslationVocabularies, english: string): string {
  return detokenizeEnglish(vocabs.src.decode(vocabs.src.encode(tokenizeEnglish(english))));
}

/**
 * Rebuilds a translator from decoded weights (disposes them). Reads model.json files written
 * before the config field maxPositions was renamed maxLength.
 */
export function translatorFromDecoded(
  decoded: DecodedModel<TranslationModelConfig>,
  vocabs: TranslationVocabularies,
  source = "model.json",
): Translator {
  const c = decoded.config;
  if (c?.kind !== "translator-en-zh")
    throw new Error(`${source}: modelConfig.kind is ${JSON.stringify(c?.kind)}, expected "translator-en-zh"`);
  const { maxPositions, ...rest } = c.model as ResolvedTranslatorConfig & { maxPositions?: number };
  const config = { ...rest, maxLength: rest.maxLength ?? maxPositions };
  for (const [side, size] of [
    ["src", config.srcVocabSize],
    ["tgt", config.tgtVocabSize],
  ] as const)
    if (size !== vocabs[side].size)
      throw new Error(
        `${source}: ${side}VocabSize ${size} does not match the ${side} vocabulary (${vocabs[side].size} tokens)`,
      );
  const model = new Translator(config);
  try {
    assignWeights(model.variables(), decoded.weights, source);
  } finally {
    tf.dispose(Object.values(decoded.weights));
  }
  return model;
}

/**
 * Loads a translator saved by experiments/translation.ts's saveModel from a URL folder (the
 * site's static/models/translation/): model.json, weights.bin and the two vocabularies.
 */
export async function loadModelFromUrl(
  baseUrl: string,
  options: LoadFromUrlOptions = {},
): Promise<{ model: Translator; vocabs: TranslationVocabularies; metadata: Record<string, unknown> }> {
  const decoded = await fetchModel<TranslationModelConfig>(baseUrl, options);
  const base = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  const doFetch = options.fetch ?? globalThis.fetch;
  const vocab = async (name: string) => {
    const url = `${base}${name}`;
    const res = await doFetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`.trim());
    return Vocabulary.fromJSON(await res.text());
  };
  const vocabs = {
    src: await vocab(decoded.config.vocabularies.src),
    tgt: await vocab(decoded.config.vocabularies.tgt),
  };
  const model = translatorFromDecoded(decoded, vocabs, `${base}model.json`);
  return { model, vocabs, metadata: decoded.metadata };
}
