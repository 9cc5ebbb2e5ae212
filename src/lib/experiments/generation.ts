/**
 * The text-generation demo for Node (notebook 07, `npm run generate`): the browser-safe
 * models/generation, the model on disk (./generationStore.ts), poems and scores on text
 * (./generationText.ts) and the three steps of a run:
 *
 *   trainPoet()            → a new run folder .runs/<time>-poetry/ (model, vocabulary, training.json, scratch ledger)
 *   evaluatePoet(run)      → run/evaluation.json: test bits/char, n-gram baselines, KV cache, energy, form, samples
 *   promotePoet(run)       → static/models/poetry/ and data/energy/ledger.jsonl, only above the quality floor
 *
 * The library's `generation` namespace.
 */
export * from "../models/generation";
export {
  POETRY_MODEL_DIR,
  POET_EVALUATION_FILE,
  POET_KIND,
  POET_RUN_LEDGER,
  POET_TRAINING_FILE,
  POET_VOCAB_FILE,
  RUNS_DIR,
  defaultPoetryModelDir,
  defaultRunDir,
  ledgerRecordId,
  loadPoet,
  packageRoot,
  reportPath,
  savePoet,
} from "./generationStore";
export type { LoadedPoet, PoetModelConfig } from "./generationStore";
export { formOptions, formShares, scoreTexts, writePoem } from "./generationText";
export type { ScoredTexts, WriteOptions, WrittenPoem } from "./generationText";
export { poetConfig, trainPoet } from "./generationTrain";
export type {
  PoetConfig,
  PoetHistoryPoint,
  PoetTrainOptions,
  PoetTrainingReport,
  TrainedPoet,
} from "./generationTrain";
export { DEFAULT_SAMPLING, evaluatePoet } from "./generationEvaluate";
export type {
  BaselineScore,
  CurvePoint,
  CurveRun,
  Per1000Run,
  PoetEvaluateOptions,
  PoetEvaluationReport,
} from "./generationEvaluate";
export {
  POET_PROMOTION_FILE,
  PROMOTED_FILES,
  promotePoet,
  qualityFloorFailures,
  seedSpread,
} from "./generationPromote";
export type { PromoteOptions, PromotionRecord, SeedRun, SeedSpread } from "./generationPromote";
