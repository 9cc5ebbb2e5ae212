/**
 * The poetry GPT on text (no file system, no tensors kept): write poems from a prompt, score lines in
 * bits per character, and recognise the regular forms of Tang verse. What `npm run generate` and
 * evaluatePoet call.
 *
 *   writePoem(model, tokenizer, "春", { temperature: 0.8, topK: 40, topP: 0.95, seed: 1 })
 *   scoreTexts(model, tokenizer, ["床前明月光，疑是地上霜。"]) → bits of each line, characters, [UNK] count
 */
import type { GPT, PoemForm, SamplingOptions } from "../models/generation";
import {
  Generation,
  formConstraint,
  formViolation,
  regularLineLength,
  scoreSequences,
  type FormConstraintOptions,
  type GenerateOptions,
} from "../models/generation";
import type { CharacterTokenizer } from "../tokenizers/characters";

export interface WriteOptions extends SamplingOptions {
  /** Most characters generated after the prompt (default 64). */
  maxChars?: number;
  /** Seed of the sampler (default 0): same seed, same poem on the same backend. */
  seed?: number;
  /** Decode with the KV cache (default true) or recompute the window at every step. */
  useCache?: boolean;
  /** Stop at [EOS] (default true); false generates exactly maxChars characters (timing runs). */
  stopAtEos?: boolean;
  /** Called with each new character as soon as it is chosen (streaming). */
  onCharacter?: (character: string) => void;
  /**
   * Constrained decoding to a regular form (e.g. 5 characters × 4 lines): punctuation only at line
   * ends (，then 。), [EOS] after the last line; maxChars becomes the form's length.
   */
  form?: PoemForm;
}

export interface WrittenPoem {
  /** Prompt followed by the generated characters. */
  text: string;
  /** Characters generated after the prompt. */
  generated: number;
  stopReason: "eos" | "max tokens";
  /** Prompt characters outside the vocabulary (read as [UNK]). */
  unknownInPrompt: number;
}

/**
 * Ids the sampler never picks: [PAD], [UNK] and [BOS] always (they are not text), [EOS] too when
 * the poem must run to maxChars.
 */
function forbiddenIds(tokenizer: CharacterTokenizer, allowEos: boolean): number[] {
  return [tokenizer.padId, tokenizer.unkId, tokenizer.bosId, ...(allowEos ? [] : [tokenizer.eosId])];
}

/**
 * The form constraint's ids in this vocabulary: ，and 。 end lines; every other non-Han token
 * (punctuation such as ？ or 、, and the specials) is forbidden inside a line.
 */
export function formOptions(tokenizer: CharacterTokenizer, form: PoemForm): FormConstraintOptions {
  const id = (c: string) => {
    if (!tokenizer.has(c)) throw new Error(`the vocabulary has no ${c}: the form constraint needs ，and 。`);
    return tokenizer.vocabulary.idOf(c);
  };
  const forbidden = tokenizer.vocabulary.tokens
    .map((t, i) => ({ t, i }))
    .filter(({ t, i }) => i !== tokenizer.eosId && !/^\p{Script=Han}$/u.test(t) && t !== "，" && t !== "。")
    .map(({ i }) => i);
  return { ...form, commaId: id("，"), periodId: id("。"), eosId: tokenizer.eosId, forbidden };
}

/** Generates one poem after [BOS] + prompt. */
export function writePoem(
  model: GPT,
  tokenizer: CharacterTokenizer,
  prompt: string,
  options: WriteOptions = {},
): WrittenPoem {
  const stopAtEos = options.stopAtEos ?? true;
  const promptIds = tokenizer.encode(prompt);
  const forbidden = forbiddenIds(tokenizer, stopAtEos);
  let maxChars = options.maxChars ?? 64;
  let constrain: ((logits: Float32Array, text: readonly number[]) => void) | undefined;
  if (options.form) {
    const o = formOptions(tokenizer, options.form);
    const violation = formViolation(promptIds, o);
    if (violation !== null)
      throw new Error(`the prompt ${JSON.stringify(prompt)} does not fit the form: ${violation}`);
    maxChars = options.form.lines * (options.form.lineLength + 1) - promptIds.length;
    constrain = formConstraint(o);
  }
  const generateOptions: GenerateOptions = {
    bosId: tokenizer.bosId,
    ...(stopAtEos ? { eosId: tokenizer.eosId } : {}),
    maxTokens: maxChars,
    seed: options.seed ?? 0,
    useCache: options.useCache ?? true,
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.topK !== undefined ? { topK: options.topK } : {}),
    ...(options.topP !== undefined ? { topP: options.topP } : {}),
    processLogits: (logits, text) => {
      for (const id of forbidden) logits[id] = -Infinity;
      constrain?.(logits, text);
    },
    ...(options.onCharacter
      ? { onToken: (id: number) => options.onCharacter!(tokenizer.vocabulary.tokenOf(id)) }
      : {}),
  };
  const g = new Generation(model, promptIds, generateOptions);
  try {
    while (g.next() !== null);
    return {
      text: prompt + tokenizer.decode(g.generated),
      generated: g.generated.length,
      stopReason: g.stopReason ?? "max tokens",
      unknownInPrompt: promptIds.filter((id) => id === tokenizer.unkId).length,
    };
  } finally {
    g.dispose();
  }
}

export interface ScoredTexts {
  /** Per text: −log₂ P of its characters given [BOS] ([EOS] not counted). */
  bits: number[];
  /** Per text: characters scored (code points). */
  characters: number[];
  totalBits: number;
  totalCharacters: number;
  /** totalBits / totalCharacters (NaN when nothing was scored). */
  bitsPerCharacter: number;
  /** Characters outside the vocabulary, scored as [UNK], and how many distinct. */
  unknown: number;
  unknownDistinct: number;
}

/**
 * Scores each text as a poem: every character given [BOS] and the characters before it, with a
 * sliding window past the context (models/generation scoreSequences). Characters outside the
 * vocabulary are scored as [UNK]. An empty text scores 0 bits over 0 characters.
 */
export function scoreTexts(
  model: GPT,
  tokenizer: CharacterTokenizer,
  texts: readonly string[],
  options: { batchSize?: number } = {},
): ScoredTexts {
  const ids = texts.map((t) => tokenizer.encode(t));
  const perId = scoreSequences(model, ids, { bosId: tokenizer.bosId, batchSize: options.batchSize ?? 32 });
  const bits = perId.map((b) => b.reduce((s, x) => s + x, 0));
  const characters = ids.map((s) => s.length);
  const totalBits = bits.reduce((s, x) => s + x, 0);
  const totalCharacters = characters.reduce((s, x) => s + x, 0);
  const unknown = tokenizer.countUnknown(texts);
  return {
    bits,
    characters,
    totalBits,
    totalCharacters,
    bitsPerCharacter: totalCharacters === 0 ? NaN : totalBits / totalCharacters,
    unknown: unknown.unknown,
    unknownDistinct: unknown.distinct,
  };
}

/** Shares of texts in each regular form (models/generation regularLineLength: all lines 5, or all 7, characters + ，or 。). */
export function formShares(texts: readonly string[]): { five: number; seven: number; regular: number } {
  const forms = texts.map(regularLineLength);
  const share = (f: 5 | 7) => forms.filter((x) => x === f).length / Math.max(1, texts.length);
  return { five: share(5), seven: share(7), regular: share(5) + share(7) };
}
