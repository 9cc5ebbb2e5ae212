// Translation demo (browser-safe): encoder-decoder model, decoding, training, translate, loading
// from a URL. The browser runtime of the playground is ./browser.ts; saving and loading on disk
// and the reference run (Node) are experiments/translation.ts.
export { beamSearchDecode, greedyDecode, lengthPenaltyFactor, sequenceLogProb } from "./decode";
export type { BeamOptions, DecodeOptions } from "./decode";
export { Translator, resolveTranslatorConfig } from "./model";
export { buildTranslationMemory, retrieve } from "./retrieval";
export type { MemoryEntry, Retrieved, TranslationMemory } from "./retrieval";
export type { ResolvedTranslatorConfig, TranslationBatch, TranslatorConfig } from "./model";
export { disposeBatch, evaluate, fit, makeBatch, prepareData, translationLoss } from "./training";
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
  loadModelFromUrl,
  sourceAsSeen,
  translate,
  translatorFromDecoded,
} from "./translate";
export type {
  AlignmentMatrix,
  TranslateOptions,
  TranslationModelConfig,
  TranslationVocabularies,
} from "./translate";
