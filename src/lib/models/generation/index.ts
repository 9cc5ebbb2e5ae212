// Text-generation demo (browser-safe): a character GPT, its KV cache, sampling, generation and scoring.
export { gptParameterCount, resolveGptConfig } from "./config";
export type { GptConfig, ResolvedGptConfig } from "./config";
export { GPT } from "./gpt";
export type { GptBatch } from "./gpt";
export { KVCache, decodeForward } from "./kvCache";
export type { AppendResult, DecodeOptions, DecodeResult, PastKeyValues } from "./kvCache";
export { argMax, candidateSet, sampleToken, validateSamplingOptions } from "./sampling";
export type { CandidateSet, SamplingOptions } from "./sampling";
export {
  Generation,
  generate,
  scoreSequence,
  scoreSequences,
  scoreWithWindows,
  windowStart,
} from "./generate";
export type { GenerateOptions, LogitsProcessor, ScoreOptions } from "./generate";
export {
  disposeGptBatch,
  evaluateWindows,
  gptTrainTask,
  makeGptBatch,
  sequenceWindows,
  targetCount,
} from "./training";
export type { GptTaskOptions, GptTrainTask, LmWindow, LossEvaluation, WindowOptions } from "./training";
export { LINE_ENDS, formConstraint, formViolation, parseForm, regularLineLength, requiredId } from "./form";
export type { FormConstraintOptions, PoemForm } from "./form";
export { nllOfLogits, projectedNll } from "./outputLoss";
export type { ProjectedNll } from "./outputLoss";
