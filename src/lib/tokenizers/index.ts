// Tokenizers (browser-safe).
export { Vocabulary, PAD, UNK, CLS } from "./vocabulary";
export type { VocabularyJSON, VocabularyOptions } from "./vocabulary";
export { normalizeSst2Style, splitTokens } from "./sst2Style";
export {
  tokenizeEnglish,
  detokenizeEnglish,
  buildEnglishVocabulary,
  BOS,
  EOS,
  TRANSLATION_SPECIALS,
} from "./english";
export { tokenizeChinese, detokenizeChinese, buildChineseVocabulary } from "./chinese";
export {
  CHARACTER_SPECIALS,
  CharacterTokenizer,
  buildCharacterVocabulary,
  splitCharacters,
} from "./characters";
export type {
  CharacterDecodeOptions,
  CharacterEncodeOptions,
  CharacterVocabularyOptions,
  UnknownCount,
} from "./characters";
