// The training loop shared by every demo (browser-safe): batches, schedule, loop.
export { lengthBucketedBatches, paddedTokens } from "./batches";
export { registerTrainingGradients } from "./gradients";
export { clipByGlobalNorm, learningRateAt, train } from "./loop";
export type { HistoryPoint, StepOutput, TrainConfig, TrainResult, TrainTask, ValidationResult } from "./loop";
