// The training loop shared by every demo (browser-safe): config, schedule, clipping, early
// stopping, time budget, progress callback, batches, loop.
export { lengthBucketedBatches, padIds, paddedTokens } from "./batches";
export { clipByGlobalNorm } from "./clipping";
export { TRAIN_DEFAULTS, resolveTrainConfig } from "./config";
export type { ResolvedTrainConfig, TrainConfig } from "./config";
export { EarlyStopping } from "./earlyStopping";
export type { EarlyStoppingConfig } from "./earlyStopping";
export { registerTrainingGradients } from "./gradients";
export { train } from "./loop";
export { formatValidationLine, logProgress, progressCallback } from "./progress";
export { learningRateAt, learningRateByTime } from "./schedule";
export type { ScheduleConfig } from "./schedule";
export { TimeBudget } from "./timeBudget";
export type {
  BatchGradients,
  GradientSource,
  HistoryPoint,
  ProgressCallback,
  StepOutput,
  StopReason,
  TrainEvent,
  TrainResult,
  TrainTask,
  ValidationResult,
} from "./types";
