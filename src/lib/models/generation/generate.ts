/**
 * Generation and scoring with a GPT, on plain id arrays (vocabulary-agnostic: the caller maps
 * characters to ids and back).
 *
 * generate: [BOS] + prompt, then one sampled id per step until [EOS] or maxTokens, with or
 * without the KV cache (kvCache.ts). Both paths see the same window of the sequence at every
 * step, so they give the same logits and, for the same seed, the same poem.
 *
 * The window, once the sequence outgrows the context C: the positions are absolute (learned), so
 * keys computed in one window cannot be reused in a shifted one; the cache is REBUILT (one
 * forward pass over the new window) whenever the window moves. With windowShift = 1 (default)
 * the window moves by one position per step: every character is conditioned on the C − 1
 * before it, exactly as scoreSequence conditions them, but past the context each step costs a
 * full window again, with or without the cache. A larger shift moves the window by that many
 * positions at once: the cache is rebuilt once per `shift` steps (cheaper), and the characters
 * right after a move see only C − shift predecessors.
 *
 * scoreSequence: −log₂ P(c_i | BOS, c₁ … c_{i−1}) for each character c_i of [BOS] c₁ … c_n, with a
 * sliding window when the sequence exceeds the context C: c_i is conditioned on as many preceding
 * ids as the context holds, all i of them while i ≤ C, the C before it (c_{i−C} … c_{i−1}) after.
 *
 * Browser-safe: only @tensorflow/tfjs-core.
 */
import * as tf from "@tensorflow/tfjs-core";
import { mulberry32 } from "../../util/random";
import type { GPT } from "./gpt";
import { KVCache, decodeForward } from "./kvCache";
import { nllOfLogits } from "./outputLoss";
import { sampleToken, validateSamplingOptions, type SamplingOptions } from "./sampling";

/**
 * Edits one row of next-id logits in place before sampling, e.g. sets forbidden ids to -Infinity
 * (constrained decoding, form.ts). `text` is the prompt plus the ids generated so far (no BOS).
 */
export type LogitsProcessor = (logits: Float32Array, text: readonly number[]) => void;

export interface GenerateOptions extends SamplingOptions {
  /** Id of [BOS], the first input. */
  bosId: number;
  /** Id of [EOS]: sampling it ends the text (it is not returned). Default: none (stop at maxTokens). */
  eosId?: number;
  /** Most ids generated after the prompt (default 64). */
  maxTokens?: number;
  /** Seed of the sampling generator (mulberry32; default 0). Same seed → same text. */
  seed?: number;
  /** Decode incrementally with a KV cache (default true); false recomputes the window every step. */
  useCache?: boolean;
  /** Positions the window moves once the sequence outgrows the context (default 1; see the module comment). */
  windowShift?: number;
  /** Called with each generated id (not [EOS]) and its index among the generated ids, as soon as it is chosen. */
  onToken?: (id: number, index: number) => void;
  /** Edits the logits before sampling (e.g. a form constraint). */
  processLogits?: LogitsProcessor;
}

/**
 * First sequence index of the window that predicts the id after s_n: 0 while n < C, then moved
 * by `shift` each time the window [start, n] would exceed C positions.
 */
export function windowStart(n: number, contextLength: number, shift = 1): number {
  if (n < contextLength) return 0;
  return shift * (Math.floor((n - contextLength) / shift) + 1);
}

function checkId(id: number, V: number, what: string): void {
  if (!Number.isInteger(id) || id < 0 || id >= V)
    throw new Error(`${what} must be an integer id in [0, vocabSize=${V}), got ${String(id)}`);
}

/**
 * Step-by-step generation (one id per `next()`), for callers that stream or yield to an event
 * loop between steps; `generate` runs one to the end. Dispose it when done (it may hold a cache).
 */
export class Generation {
  /** Ids generated so far (prompt and [EOS] excluded). */
  readonly generated: number[] = [];
  /** Why generation ended: "eos", "max tokens", or null while it can continue. */
  stopReason: "eos" | "max tokens" | null = null;
  private readonly sequence: number[];
  private readonly promptLength: number;
  private readonly options: Required<Pick<GenerateOptions, "maxTokens" | "useCache" | "windowShift">> &
    GenerateOptions;
  private readonly random: () => number;
  private readonly cache: KVCache | null;
  private cacheStart = 0;
  private readonly weightT: tf.Tensor2D | null = null;

  constructor(
    readonly model: GPT,
    prompt: readonly number[],
    options: GenerateOptions,
  ) {
    validateSamplingOptions(options);
    const { vocabSize: V, contextLength: C } = model.config;
    const o = { maxTokens: 64, useCache: true, windowShift: 1, seed: 0, ...options };
    checkId(o.bosId, V, "generate: bosId");
    if (o.eosId !== undefined) checkId(o.eosId, V, "generate: eosId");
    prompt.forEach((id, i) => checkId(id, V, `generate: prompt[${i}]`));
    if (!Number.isInteger(o.maxTokens) || o.maxTokens < 0)
      throw new Error(`generate: maxTokens must be an integer ≥ 0, got ${String(o.maxTokens)}`);
    if (!Number.isInteger(o.windowShift) || o.windowShift < 1 || o.windowShift >= C)
      throw new Error(
        `generate: windowShift must be an integer in [1, contextLength=${C}), got ${String(o.windowShift)}`,
      );
    this.options = o;
    this.sequence = [o.bosId, ...prompt];
    this.promptLength = prompt.length;
    this.random = mulberry32(o.seed);
    this.cache = o.useCache ? new KVCache(model, 1) : null;
    if (!o.useCache && !model.head)
      this.weightT = tf.keep(tf.tidy(() => tf.transpose(model.tokenEmbedding.table) as tf.Tensor2D)); // [d, V], once
    if (o.maxTokens === 0) this.stopReason = "max tokens";
  }

  get finished(): boolean {
    return this.stopReason !== null;
  }

  /** Logits of the id after the current sequence, through the cache or by recomputing the window: [V]. */
  nextLogits(): Float32Array {
    const n = this.sequence.length - 1; // index of the last id
    const start = windowStart(n, this.model.config.contextLength, this.options.windowShift);
    let logits: tf.Tensor2D;
    if (this.cache) {
      if (this.cache.length > 0 && start === this.cacheStart && this.cache.length === n - start) {
        logits = this.cache.append([[this.sequence[n]!]]).logits; // one new position
      } else {
        this.cache.reset(); // first step, or the window moved: rebuild over [start, n]
        this.cacheStart = start;
        logits = this.cache.append([this.sequence.slice(start, n + 1)]).logits;
      }
    } else {
      // The same decoding code over the whole window, with nothing cached: recomputation.
      const window = tf.tensor2d([this.sequence.slice(start, n + 1)], undefined, "int32"); // [1, L]
      const r = decodeForward(this.model, window, { weightT: this.weightT ?? undefined });
      tf.dispose([window, ...r.present.keys, ...r.present.values]);
      logits = r.logits;
    }
    const values = new Float32Array(logits.dataSync()); // a copy: processLogits may edit it
    logits.dispose();
    return values;
  }

  /** Generates the next id and returns it, or null once generation has ended. */
  next(): number | null {
    if (this.finished) return null;
    const logits = this.nextLogits();
    this.options.processLogits?.(logits, this.sequence.slice(1));
    const id = sampleToken(logits, this.options, this.random);
    if (id === this.options.eosId) {
      this.stopReason = "eos";
      return null;
    }
    this.sequence.push(id);
    this.generated.push(id);
    this.options.onToken?.(id, this.generated.length - 1);
    if (this.generated.length >= this.options.maxTokens) this.stopReason = "max tokens";
    return id;
  }

  /** The prompt followed by the generated ids (no BOS). */
  text(): number[] {
    return this.sequence.slice(1, 1 + this.promptLength + this.generated.length);
  }

  dispose(): void {
    this.cache?.dispose();
    this.weightT?.dispose();
  }
}

/**
 * Generates up to maxTokens ids after [BOS] + prompt and returns them (prompt and [EOS]
 * excluded). Reproducible: same model, prompt, options and seed → same ids (on one backend).
 */
export function generate(model: GPT, prompt: readonly number[], options: GenerateOptions): number[] {
  const g = new Generation(model, prompt, options);
  try {
    while (g.next() !== null);
    return g.generated;
  } finally {
    g.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// Scoring

export interface ScoreOptions {
  /** Id of [BOS], prepended to each sequence. */
  bosId: number;
  /** Windows run side by side in one forward pass (default 16). */
  batchSize?: number;
}

/** One forward row: its input ids and the (position, target, output slot) pairs read from it. */
interface ScoreRow {
  input: number[];
  reads: { position: number; target: number; seq: number; index: number }[];
}

/**
 * The input window that predicts character i (1-based) of x = [BOS, c₁ … c_n]: the min(i, C) ids
 * before it, x[max(0, i − C) … i − 1].
 */
function windowInput(x: readonly number[], i: number, C: number): number[] {
  return x.slice(Math.max(0, i - C), i);
}

function checkSequences(
  model: GPT,
  sequences: readonly (readonly number[])[],
  options: ScoreOptions,
): number {
  const V = model.config.vocabSize;
  checkId(options.bosId, V, "scoreSequence: bosId");
  sequences.forEach((s, j) => s.forEach((id, i) => checkId(id, V, `scoreSequence: sequence ${j}, id ${i}`)));
  const batchSize = options.batchSize ?? 16;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`scoreSequence: batchSize must be a positive integer, got ${String(batchSize)}`);
  return batchSize;
}

/** Runs the rows in batches (right-padded: causality keeps the padding from reaching real positions). */
function runRows(model: GPT, rows: ScoreRow[], out: Float64Array[], batchSize: number): void {
  const { padId, dModel } = model.config;
  rows.sort((a, b) => a.input.length - b.input.length); // similar lengths share a batch
  for (let b0 = 0; b0 < rows.length; b0 += batchSize) {
    const batch = rows.slice(b0, b0 + batchSize);
    const T = Math.max(...batch.map((r) => r.input.length));
    const data = new Int32Array(batch.length * T).fill(padId);
    batch.forEach((r, i) => data.set(r.input, i * T));
    const reads = batch.flatMap((r, i) => r.reads.map((rd) => ({ ...rd, flat: i * T + rd.position })));
    const nats = tf.tidy(() => {
      const ids = tf.tensor2d(data, [batch.length, T], "int32");
      const h = tf.reshape(model.hidden(ids), [batch.length * T, dModel]); // [B·T, d]
      const rowsAt = tf.gather(
        h,
        tf.tensor1d(
          reads.map((r) => r.flat),
          "int32",
        ),
      ); // [M, d]
      const logits = model.project(rowsAt) as tf.Tensor2D; // [M, V]
      const targets = tf.tensor1d(
        reads.map((r) => r.target),
        "int32",
      ); // [M]
      return nllOfLogits(logits, targets).nll.dataSync() as Float32Array; // −ln P(target): [M]
    });
    reads.forEach((r, m) => (out[r.seq]![r.index] = nats[m]! / Math.LN2));
  }
}

/**
 * Bits (−log₂ P) of every id of each sequence given [BOS] and the ids before it. Characters
 * 1 … C of a sequence come from one forward pass over its first window; each later character
 * i > C from its own window of the C ids before it (sliding window: every character conditioned
 * on as many preceding ids as the context holds). Append [EOS] to a sequence to score it too.
 * @returns per sequence, a Float64Array of bits per id (sum = the sequence's −log₂ likelihood).
 */
export function scoreSequences(
  model: GPT,
  sequences: readonly (readonly number[])[],
  options: ScoreOptions,
): Float64Array[] {
  const batchSize = checkSequences(model, sequences, options);
  const C = model.config.contextLength;
  const out = sequences.map((s) => new Float64Array(s.length));
  const rows: ScoreRow[] = [];
  sequences.forEach((s, seq) => {
    if (s.length === 0) return;
    const x = [options.bosId, ...s];
    const L = Math.min(s.length, C);
    rows.push({
      input: x.slice(0, L),
      reads: Array.from({ length: L }, (_, p) => ({ position: p, target: x[p + 1]!, seq, index: p })),
    });
    for (let i = C + 1; i <= s.length; i++)
      rows.push({
        input: windowInput(x, i, C),
        reads: [{ position: C - 1, target: x[i]!, seq, index: i - 1 }],
      });
  });
  runRows(model, rows, out, batchSize);
  return out;
}

/** scoreSequences for one sequence: bits of each of its ids. */
export function scoreSequence(model: GPT, ids: readonly number[], options: ScoreOptions): Float64Array {
  return scoreSequences(model, [ids], options)[0]!;
}

/**
 * The slow reference scoreSequence must equal: EVERY character i through its own forward pass
 * over windowInput (its min(i, C) predecessors), read at the window's last position.
 */
export function scoreWithWindows(model: GPT, ids: readonly number[], options: ScoreOptions): Float64Array {
  const batchSize = checkSequences(model, [ids], options);
  const C = model.config.contextLength;
  const x = [options.bosId, ...ids];
  const out = [new Float64Array(ids.length)];
  const rows: ScoreRow[] = ids.map((_, k) => {
    const input = windowInput(x, k + 1, C);
    return { input, reads: [{ position: input.length - 1, target: x[k + 1]!, seq: 0, index: k }] };
  });
  runRows(model, rows, out, batchSize);
  return out[0]!;
}
