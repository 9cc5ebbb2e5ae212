// Tokenizers (browser-safe).
export { Vocabulary, PAD, UNK, CLS } from "./vocabulary";
export type { VocabularyJSON, VocabularyOptions } from "./vocabulary";
export { normalizeSst2Style, splitTokens } from "./sst2Style";
