// Translation demo (browser-safe): encoder-decoder model, decoding, training, translate.
export { beamSearchDecode, greedyDecode, lengthPenaltyFactor, padIds } from "./decode";
export type { BeamOptions, DecodeOptions } from "./decode";
export { Translator, resolveTranslatorConfig } from "./model";
export type { ResolvedTranslatorConfig, TranslationBatch, TranslatorConfig } from "./model";
export {
  disposeBatch,
  evaluateTranslation,
  makeTranslationBatch,
  prepareTranslationData,
  trainTranslator,
  translationLoss,
} from "./training";
export type {
  EncodedPair,
  PrepareOptions,
  TranslationData,
  TranslationScores,
  TranslatorTrainConfig,
} from "./training";
export {
  TRANSLATION_SRC_VOCAB_FILE,
  TRANSLATION_TGT_VOCAB_FILE,
  crossAttentionFor,
  decodeTarget,
  encodeSource,
  encodeTarget,
  loadTranslatorFromUrl,
  sourceAsSeen,
  translate,
} from "./translate";
export type {
  AlignmentMatrix,
  TranslateOptions,
  TranslationModelConfig,
  TranslationVocabularies,
} from "./translate";
