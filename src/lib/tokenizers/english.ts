/**
 * English word-level tokenizer for the translation source side (browser-safe).
 *
 *   "I don't know, Tom's 3.5 km away!"  →  i do n't know , tom 's 3.5 km away !
 *
 * Rules, in order: Unicode NFC; curly quotes to ASCII; lower case; clitics split off
 * (n't, 's, 're, 've, 'll, 'd, 'm); then tokens are runs of letters/digits (keeping 3.5, 10,000 and
 * o'clock whole) or single punctuation characters (a hyphen is its own token: left - handed). `detokenizeEnglish` glues punctuation and clitics back,
 * so decode(encode(x)) gives x in lower case for ordinary sentences (tested on Tatoeba).
 */
import { PAD, UNK, Vocabulary } from "./vocabulary";

export const BOS = "[BOS]";
export const EOS = "[EOS]";
/** Special tokens of both translation vocabularies, in id order: [PAD]=0, [UNK]=1, [BOS]=2, [EOS]=3. */
export const TRANSLATION_SPECIALS: readonly string[] = [PAD, UNK, BOS, EOS];

const TOKEN = /n't|'(?:s|re|ve|ll|d|m)\b|[\p{L}\p{M}\p{N}]+(?:[.,:][\p{N}]+|'[\p{L}]+)*|\S/gu;

export function tokenizeEnglish(text: string): string[] {
  const s = text
    .normalize("NFC")
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u2033]/g, '"')
    .toLowerCase()
    .replace(/(\p{L})n't\b/gu, "$1 n't")
    .replace(/([\p{L}\p{N}])'(s|re|ve|ll|d|m)\b/gu, "$1 '$2");
  return s.match(TOKEN) ?? [];
}

const NO_SPACE_BEFORE = /^(?:[.,!?;:%)\]}-]|n't|'(?:s|re|ve|ll|d|m))$/;
const NO_SPACE_AFTER = /^[([{$-]$/;

/** Joins tokens with spaces, except before closing punctuation and clitics; quotes alternate open/close. */
export function detokenizeEnglish(tokens: readonly string[]): string {
  let out = "";
  let quoteOpen = false;
  let glueNext = true; // no space before the first token
  for (const t of tokens) {
    let glue = glueNext || NO_SPACE_BEFORE.test(t);
    glueNext = NO_SPACE_AFTER.test(t);
    if (t === '"') {
      if (quoteOpen) glue = true;
      else glueNext = true;
      quoteOpen = !quoteOpen;
    }
    out += glue ? t : ` ${t}`;
  }
  return out;
}

/** Word vocabulary over tokenized English with the translation specials first. */
export function buildEnglishVocabulary(
  texts: Iterable<string>,
  minFrequency = 2,
  maxSize?: number,
): Vocabulary {
  function* tokens() {
    for (const t of texts) yield tokenizeEnglish(t);
  }
  return Vocabulary.build(tokens(), {
    minFrequency,
    specials: [...TRANSLATION_SPECIALS],
    ...(maxSize !== undefined ? { maxSize } : {}),
  });
}
