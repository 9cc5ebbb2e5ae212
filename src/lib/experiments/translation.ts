/**
 * The translation demo for Node (notebook 05, `npm run translate`): the browser-safe
 * models/translation, the model on disk (./translationStore.ts) and the reference run
 * (./translationReference.ts). The library's `translation` namespace.
 */
export * from "../models/translation";
export { loadModel, saveModel } from "./translationStore";
export {
  EVALUATION_FILE,
  TRAINING_FILE,
  TRANSLATION_BLEU_FLOOR,
  TRANSLATION_FLOOR,
  TRANSLATION_PROMOTED_FILES,
  evaluateReference,
  evenlySpacedSubset,
  promoteTranslation,
  referenceConfig,
  trainReference,
  translationFloorFailures,
} from "./translationReference";
export { evaluateRetrievalBaseline } from "./translationRetrieval";
export type { RetrievalBaselineOptions, RetrievalBaselineReport } from "./translationRetrieval";
export type {
  DecodingRun,
  EvaluationReport,
  ReferenceConfig,
  ReferenceTrainOptions,
  TrainingReport,
} from "./translationReference";
