export { check, firstDifference } from "./check";
export type { CaseResult, CheckReport, Exercise } from "./check";
export {
  attentionExercise,
  causalMaskExercise,
  co2eExercise,
  ngramPrecisionExercise,
  mergeHeadsExercise,
  softmaxExercise,
  splitHeadsExercise,
  topKExercise,
} from "./exercises";
export type { NgramPrecision } from "./exercises";
export {
  attentionCrossoverExercise,
  layerNormExercise,
  logSumExpExercise,
  scoreScaleExercise,
} from "./teachingExercises";
export {
  CONTRIBUTIONS_DIR,
  ContributionSchema,
  parseContribution,
  readContribution,
  readContributions,
  saveContribution,
} from "./contributions";
export type { Contribution } from "./contributions";
export * as solutions from "./solutions";
