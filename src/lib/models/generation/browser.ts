/**
 * The poetry GPT as the site runs it (browser-safe: tfjs-core and `fetch` only; the playground
 * runs it inside a Web Worker).
 *
 * The same files as `npm run generate` reads (model.json + weights.bin + vocab.json, written by
 * experiments/generationStore.ts), the same model code (./gpt, ./kvCache, ./generate) and the
 * same decoding rules as the CLI's writePoem: [BOS] + prompt, then one id per step with [PAD],
 * [UNK] and [BOS] never sampled, until [EOS] or maxChars; so a greedy poem (temperature 0) is
 * the CLI's poem. Added for the playground: one step at a time with its wall time (streaming,
 * a stop between any two steps), the attention of the newest character over the text so far,
 * and the bytes downloaded.
 */
import * as tf from "@tensorflow/tfjs-core";
import { CharacterTokenizer } from "../../tokenizers/characters";
import type { VocabularyJSON } from "../../tokenizers/vocabulary";
import { countingFetch, median } from "../browser";
import { assignWeights, fetchModel } from "../serialize";
import type { DownloadSize } from "../sentiment/browser";
import { resolveGptConfig, type GptConfig } from "./config";
import { Generation, windowStart, type GenerateOptions } from "./generate";
import { GPT } from "./gpt";
import { decodeForward } from "./kvCache";
import type { SamplingOptions } from "./sampling";

/** `modelConfig.kind` of a poetry GPT (experiments/generationStore.ts writes it). */
export const CHARACTER_GPT_KIND = "character-gpt";

/** modelConfig of a saved poetry GPT. */
export interface PoetryModelConfig {
  kind: typeof CHARACTER_GPT_KIND;
  model: GptConfig;
  /** File name of the vocabulary, beside model.json. */
  vocabulary: string;
}

export interface LoadedPoetry {
  model: GPT;
  tokenizer: CharacterTokenizer;
  metadata: Record<string, unknown>;
  size: DownloadSize;
}

/**
 * Loads `${baseUrl}model.json`, its weights and the vocabulary it names (the site:
 * useBaseUrl("/models/poetry/")), counting the bytes of each file. Initialise a backend first.
 * Errors name the URL and the field at fault.
 */
export async function loadPoetryForBrowser(
  baseUrl: string,
  options: { fetch?: typeof fetch } = {},
): Promise<LoadedPoetry> {
  const base = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  const jsonUrl = `${base}model.json`;
  const { fetch: counting, files } = countingFetch(options.fetch);
  const decoded = await fetchModel<PoetryModelConfig>(base, { fetch: counting });
  const release = () => tf.dispose(Object.values(decoded.weights));
  try {
    const c = decoded.config;
    if (c?.kind !== CHARACTER_GPT_KIND)
      throw new Error(
        `${jsonUrl}: modelConfig.kind is ${JSON.stringify(c?.kind)}, expected "${CHARACTER_GPT_KIND}" (a poetry GPT)`,
      );
    const vocabName = c.vocabulary;
    if (typeof vocabName !== "string" || !/^[\w.-]+$/.test(vocabName) || vocabName.startsWith("."))
      throw new Error(
        `${jsonUrl}: modelConfig.vocabulary must be a plain file name next to model.json, got ${JSON.stringify(vocabName)}`,
      );
    const vocabUrl = `${base}${vocabName}`;
    let res: Response;
    try {
      res = await counting(vocabUrl);
    } catch (e) {
      throw new Error(`${vocabUrl}: fetch failed (${(e as Error).message})`);
    }
    if (!res.ok) throw new Error(`${vocabUrl}: HTTP ${res.status} ${res.statusText}`.trim());
    let tokenizer: CharacterTokenizer;
    try {
      tokenizer = CharacterTokenizer.fromJSON((await res.json()) as VocabularyJSON);
    } catch (e) {
      throw new Error(`${vocabUrl}: ${(e as Error).message}`);
    }
    const config = resolveGptConfig(c.model);
    if (tokenizer.size !== config.vocabSize)
      throw new Error(
        `${vocabUrl} has ${tokenizer.size} ids but ${jsonUrl} says vocabSize ${config.vocabSize}: the files belong to different models`,
      );
    const model = new GPT(config);
    try {
      assignWeights(model.variables(), decoded.weights, `${base}weights.bin`);
    } catch (e) {
      model.dispose();
      throw e;
    }
    const vocabulary = files[vocabName] ?? 0;
    const total = Object.values(files).reduce((a, b) => a + b, 0);
    return {
      model,
      tokenizer,
      metadata: decoded.metadata,
      size: { files: { ...files }, model: total - vocabulary, vocabulary, total },
    };
  } finally {
    release();
  }
}

// ---------------------------------------------------------------------------------------------
// Writing a poem, one character at a time

export interface PoemRequest extends SamplingOptions {
  /** The first characters of the poem (characters outside the vocabulary are read as [UNK]). */
  prompt: string;
  /** Most characters generated after the prompt (default 64, as the CLI). */
  maxChars?: number;
  /** Seed of the sampler (default 0): same seed, same poem on the same backend. */
  seed?: number;
  /** Decode with the KV cache (default true) or recompute the window at every step. */
  useCache?: boolean;
  /** Stop at [EOS] (default true); false generates exactly maxChars characters. */
  stopAtEos?: boolean;
}

/**
 * The GenerateOptions of the CLI's writePoem (experiments/generationText.ts) for a request:
 * [PAD], [UNK] and [BOS] are never sampled, nor [EOS] when the poem must run to maxChars.
 */
export function poemGenerateOptions(tokenizer: CharacterTokenizer, request: PoemRequest): GenerateOptions {
  const stopAtEos = request.stopAtEos ?? true;
  const forbidden = [
    tokenizer.padId,
    tokenizer.unkId,
    tokenizer.bosId,
    ...(stopAtEos ? [] : [tokenizer.eosId]),
  ];
  return {
    bosId: tokenizer.bosId,
    ...(stopAtEos ? { eosId: tokenizer.eosId } : {}),
    maxTokens: request.maxChars ?? 64,
    seed: request.seed ?? 0,
    useCache: request.useCache ?? true,
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.topK !== undefined ? { topK: request.topK } : {}),
    ...(request.topP !== undefined ? { topP: request.topP } : {}),
    processLogits: (logits) => {
      for (const id of forbidden) logits[id] = -Infinity;
    },
  };
}

/** Where the newest character looked: one row of attention weights per head of one block. */
export interface NewestAttention {
  /** Block whose heads these are (0-based). */
  layer: number;
  /** The characters of the window the model read, [BOS] first while it fits: the columns. */
  tokens: string[];
  /** weights[head][j]: attention of the newest character (the last token) to tokens[j]; rows sum to 1. */
  weights: number[][];
}

/** A token as a column label: specials keep their bracketed names, characters stand for themselves. */
function tokenLabel(tokenizer: CharacterTokenizer, id: number): string {
  return tokenizer.vocabulary.tokenOf(id);
}

/**
 * The attention of the last id of `sequence` ([BOS] + text) over the ids before it, in block
 * `layer` (default: the last), read by the same window the generator uses (windowStart). One
 * forward pass over the window, outside any timing; leaves no tensors behind.
 */
export function newestCharacterAttention(
  model: GPT,
  tokenizer: CharacterTokenizer,
  sequence: readonly number[],
  options: { layer?: number; windowShift?: number } = {},
): NewestAttention {
  const { layers, heads: H, contextLength: C } = model.config;
  const layer = options.layer ?? layers - 1;
  if (!Number.isInteger(layer) || layer < 0 || layer >= layers)
    throw new Error(`newestCharacterAttention: layer must be an integer in [0, ${layers}), got ${layer}`);
  if (sequence.length === 0)
    throw new Error("newestCharacterAttention: empty sequence (it starts with [BOS])");
  const n = sequence.length - 1;
  const window = sequence.slice(windowStart(n, C, options.windowShift ?? 1));
  const L = window.length;
  const ids = tf.tensor2d([window], [1, L], "int32");
  const r = decodeForward(model, ids, { returnWeights: true });
  try {
    const w = r.weights![layer]!; // [1, H, L, L]
    const data = w.dataSync() as Float32Array;
    const rows = Array.from({ length: H }, (_, h) => {
      const start = (h * L + (L - 1)) * L; // head h, last query row
      return Array.from(data.subarray(start, start + L));
    });
    return { layer, tokens: window.map((id) => tokenLabel(tokenizer, id)), weights: rows };
  } finally {
    tf.dispose([ids, r.logits, ...r.present.keys, ...r.present.values, ...(r.weights ?? [])]);
  }
}

export interface PoemStep {
  /** The character chosen (one code point). */
  character: string;
  /** Its index among the generated characters. */
  index: number;
  /** Wall time of the step (forward pass, read-back, sampling), ms. */
  ms: number;
}

/**
 * One poem being written, one character per `step()`. Dispose it when done (it holds the cache).
 * A greedy writer gives the CLI's poem: both run Generation with poemGenerateOptions.
 */
export class PoemWriter {
  readonly generation: Generation;
  readonly promptIds: number[];
  /** Wall time of each step so far, ms (the first includes reading the prompt). */
  readonly stepMs: number[] = [];

  constructor(
    readonly model: GPT,
    readonly tokenizer: CharacterTokenizer,
    readonly request: PoemRequest,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (typeof request.prompt !== "string")
      throw new Error(`prompt must be a string, got ${String(request.prompt)}`);
    this.promptIds = tokenizer.encode(request.prompt);
    this.generation = new Generation(model, this.promptIds, poemGenerateOptions(tokenizer, request));
  }

  get finished(): boolean {
    return this.generation.finished;
  }

  /** Generates the next character, or returns null once [EOS] or maxChars ended the poem. */
  step(): PoemStep | null {
    if (this.generation.finished) return null;
    const t0 = this.now();
    const id = this.generation.next();
    const ms = this.now() - t0;
    if (id === null) return null; // [EOS]: the step ended the poem, nothing to show
    this.stepMs.push(ms);
    return {
      character: this.tokenizer.vocabulary.tokenOf(id),
      index: this.generation.generated.length - 1,
      ms,
    };
  }

  /** Prompt + generated characters, as the CLI prints them (an [UNK] in the prompt stays as typed). */
  text(): string {
    return this.request.prompt + this.tokenizer.decode(this.generation.generated);
  }

  /** Attention of the newest character (the last generated, else the last of the prompt) in `layer`. */
  attention(layer?: number): NewestAttention {
    return newestCharacterAttention(
      this.model,
      this.tokenizer,
      [this.tokenizer.bosId, ...this.generation.text()],
      {
        layer,
      },
    );
  }

  dispose(): void {
    this.generation.dispose();
  }
}

export interface StreamHooks {
  /** Each character as soon as it is chosen. */
  onCharacter?: (step: PoemStep) => void;
  /**
   * The newest character's attention (last block): once every attentionIntervalMs while writing (the
   * first after one interval) and once at the end.
   */
  onAttention?: (attention: NewestAttention) => void;
  /** Wall time between two attention updates while writing, ms (default 250; Infinity: only at the end). */
  attentionIntervalMs?: number;
  /** Checked between steps: true ends the poem early ("stopped"). */
  shouldStop?: () => boolean;
  /** Awaited between steps (a worker yields to its event loop here so that a Stop message gets in). */
  pause?: () => Promise<void>;
  now?: () => number;
}

export interface StreamedPoem {
  /** Prompt + generated characters. */
  text: string;
  generated: number;
  stopReason: "eos" | "max tokens" | "stopped";
  /** Wall time of every step that produced a character, ms. */
  stepMs: number[];
  /** Median of stepMs (NaN when nothing was generated). */
  medianMs: number;
  /** Characters of the prompt outside the vocabulary (read as [UNK]). */
  unknownInPrompt: number;
}

/**
 * Writes one poem step by step, calling the hooks between steps. Attention passes are not part
 * of the step times. Leaves no tensors behind, also when stopped or when a hook throws.
 */
export async function streamPoem(
  model: GPT,
  tokenizer: CharacterTokenizer,
  request: PoemRequest,
  hooks: StreamHooks = {},
): Promise<StreamedPoem> {
  const now = hooks.now ?? (() => performance.now());
  const interval = hooks.attentionIntervalMs ?? 250;
  const writer = new PoemWriter(model, tokenizer, request, now);
  try {
    let stopped = false;
    let lastAttention = hooks.onAttention ? now() : 0;
    let shownLength = -1; // text length of the last attention sent
    const sendAttention = () => {
      shownLength = writer.generation.text().length;
      hooks.onAttention!(writer.attention());
    };
    for (;;) {
      if (hooks.shouldStop?.()) {
        stopped = !writer.finished;
        break;
      }
      const step = writer.step();
      if (!step) break;
      hooks.onCharacter?.(step);
      if (hooks.onAttention && now() - lastAttention >= interval) {
        sendAttention();
        lastAttention = now();
      }
      await hooks.pause?.();
    }
    const length = writer.generation.text().length;
    if (hooks.onAttention && length > 0 && length !== shownLength) sendAttention();
    const stepMs = [...writer.stepMs];
    return {
      text: writer.text(),
      generated: writer.generation.generated.length,
      stopReason: stopped ? "stopped" : (writer.generation.stopReason ?? "max tokens"),
      stepMs,
      medianMs: stepMs.length ? median(stepMs) : NaN,
      unknownInPrompt: writer.promptIds.filter((id) => id === tokenizer.unkId).length,
    };
  } finally {
    writer.dispose();
  }
}
