/**
 * Chinese character tokenizer for the translation target side (browser-safe): one token per
 * Unicode code point (Han characters, full-width punctuation, digits and Latin letters alike);
 * a run of whitespace becomes a single " " token, leading/trailing whitespace is dropped.
 * decode(encode(x)) === x for text with single spaces, which Tatoeba's Chinese side has.
 */
import { TRANSLATION_SPECIALS } from "./english";
import { Vocabulary } from "./vocabulary";

export function tokenizeChinese(text: string): string[] {
  return Array.from(text.normalize("NFC").trim().replace(/\s+/g, " "));
}

export function detokenizeChinese(tokens: readonly string[]): string {
  return tokens.join("");
}

/** Character vocabulary with the translation specials first. */
export function buildChineseVocabulary(
  texts: Iterable<string>,
  minFrequency = 1,
  maxSize?: number,
): Vocabulary {
  function* tokens() {
    for (const t of texts) yield tokenizeChinese(t);
  }
  return Vocabulary.build(tokens(), {
    minFrequency,
    specials: [...TRANSLATION_SPECIALS],
    ...(maxSize !== undefined ? { maxSize } : {}),
  });
}
