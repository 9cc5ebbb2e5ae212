/**
 * Character tokenizer for the text-generation demo (browser-safe): one token per Unicode code point,
 * nothing normalised, nothing dropped, so decode(encode(x)) === x for any text whose characters are all
 * in the vocabulary (Han characters and the full-width punctuation ，。 of the poems alike).
 *
 * The vocabulary is the shared {@link Vocabulary} (same JSON as the other demos) with the specials
 * [PAD]=0, [UNK]=1, [BOS]=2, [EOS]=3 first, then every character seen at least `minCount` times in the
 * training texts, most frequent first. A poem is modelled as [BOS] c1 … cn [EOS].
 */
import { BOS, EOS, TRANSLATION_SPECIALS } from "./english";
import type { VocabularyJSON } from "./vocabulary";
import { PAD, UNK, Vocabulary } from "./vocabulary";

/** Specials of the character vocabulary, in id order: [PAD]=0, [UNK]=1, [BOS]=2, [EOS]=3. */
export const CHARACTER_SPECIALS: readonly string[] = TRANSLATION_SPECIALS;

/** Text → characters (code points; an astral character such as 𠀀 stays one token). */
export function splitCharacters(text: string): string[] {
  return Array.from(text);
}

export interface CharacterVocabularyOptions {
  /** Keep characters seen at least this many times (default 5). */
  minCount?: number;
  /** Keep at most this many tokens in all, specials included (default: no limit). */
  maxSize?: number;
}

export interface CharacterEncodeOptions {
  /** Prepend [BOS] (default false). */
  bos?: boolean;
  /** Append [EOS] (default false). */
  eos?: boolean;
}

export interface CharacterDecodeOptions {
  /** Text shown for an [UNK] id (default U+FFFD, "�"). [PAD], [BOS] and [EOS] are dropped. */
  unknown?: string;
  /** Stop at the first [EOS] (default true). */
  stopAtEos?: boolean;
}

/** Counts of characters outside the vocabulary (they encode to [UNK]). */
export interface UnknownCount {
  unknown: number;
  total: number;
  /** unknown / total (0 when total is 0). */
  rate: number;
  /** Distinct characters outside the vocabulary. */
  distinct: number;
}

/** Character ↔ id, with BOS/EOS/UNK/PAD; serialised as the vocabulary's JSON. */
export class CharacterTokenizer {
  readonly vocabulary: Vocabulary;
  readonly padId: number;
  readonly unkId: number;
  readonly bosId: number;
  readonly eosId: number;

  constructor(vocabulary: Vocabulary) {
    for (const s of CHARACTER_SPECIALS) {
      if (!vocabulary.specials.includes(s)) {
        throw new Error(
          `CharacterTokenizer: the vocabulary lacks the special ${s}; its specials must be ${CHARACTER_SPECIALS.join(", ")} ` +
            `(build it with buildCharacterVocabulary).`,
        );
      }
    }
    vocabulary.tokens.forEach((t, id) => {
      if (!vocabulary.specials.includes(t) && Array.from(t).length !== 1) {
        throw new Error(
          `CharacterTokenizer: token ${JSON.stringify(t)} (id ${id}) is not one character; ` +
            `a character vocabulary holds single code points besides its specials.`,
        );
      }
    });
    this.vocabulary = vocabulary;
    this.padId = vocabulary.idOfSpecial(PAD);
    this.unkId = vocabulary.idOfSpecial(UNK);
    this.bosId = vocabulary.idOfSpecial(BOS);
    this.eosId = vocabulary.idOfSpecial(EOS);
  }

  /** Number of ids, specials included (the model's input and output size). */
  get size(): number {
    return this.vocabulary.size;
  }

  /** True when the character has its own id (not [UNK]). */
  has(character: string): boolean {
    return this.vocabulary.has(character) && !this.vocabulary.specials.includes(character);
  }

  /** Text → ids; characters outside the vocabulary become [UNK]. */
  encode(text: string, options: CharacterEncodeOptions = {}): number[] {
    const ids: number[] = [];
    if (options.bos) ids.push(this.bosId);
    // A character is one code point, so it never equals a special's name such as "[BOS]".
    for (const c of text) ids.push(this.vocabulary.idOf(c));
    if (options.eos) ids.push(this.eosId);
    return ids;
  }

  /** Ids → text: [PAD]/[BOS] dropped, [UNK] shown as `unknown`, stops at [EOS] unless told otherwise. */
  decode(ids: Iterable<number>, options: CharacterDecodeOptions = {}): string {
    const unknown = options.unknown ?? "\uFFFD";
    const stopAtEos = options.stopAtEos ?? true;
    let out = "";
    for (const id of ids) {
      if (id === this.eosId) {
        if (stopAtEos) break;
        continue;
      }
      if (id === this.padId || id === this.bosId) continue;
      out += id === this.unkId ? unknown : this.vocabulary.tokenOf(id);
    }
    return out;
  }

  /** How many characters of `texts` fall outside the vocabulary. */
  countUnknown(texts: Iterable<string>): UnknownCount {
    let unknown = 0;
    let total = 0;
    const distinct = new Set<string>();
    for (const text of texts) {
      for (const c of text) {
        total++;
        if (!this.has(c)) {
          unknown++;
          distinct.add(c);
        }
      }
    }
    return { unknown, total, rate: total === 0 ? 0 : unknown / total, distinct: distinct.size };
  }

  toJSON(): VocabularyJSON {
    return this.vocabulary.toJSON();
  }

  /** Accepts the vocabulary JSON (object or text) saved by {@link toJSON}. */
  static fromJSON(json: VocabularyJSON | string): CharacterTokenizer {
    return new CharacterTokenizer(Vocabulary.fromJSON(json));
  }
}

/**
 * Every character seen at least `minCount` (default 5) times in `texts` (the training split), after
 * the specials [PAD], [UNK], [BOS], [EOS]; most frequent first, ties by code unit order.
 */
export function buildCharacterVocabulary(
  texts: Iterable<string>,
  options: CharacterVocabularyOptions = {},
): CharacterTokenizer {
  const minCount = options.minCount ?? 5;
  if (!(Number.isInteger(minCount) && minCount >= 1)) {
    throw new Error(`buildCharacterVocabulary: minCount must be an integer ≥ 1, got ${minCount}.`);
  }
  function* characters() {
    for (const t of texts) yield splitCharacters(t);
  }
  const vocabulary = Vocabulary.build(characters(), {
    minFrequency: minCount,
    specials: [...CHARACTER_SPECIALS],
    ...(options.maxSize !== undefined ? { maxSize: options.maxSize } : {}),
  });
  return new CharacterTokenizer(vocabulary);
}
