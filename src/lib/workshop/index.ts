export { check, firstDifference } from "./check";
export type { CaseResult, CheckReport, Exercise } from "./check";
export {
  attentionExercise,
  causalMaskExercise,
  mergeHeadsExercise,
  softmaxExercise,
  splitHeadsExercise,
} from "./exercises";
export {
  CONTRIBUTIONS_DIR,
  ContributionSchema,
  parseContribution,
  readContribution,
  readContributions,
  saveContribution,
} from "./contributions";
export type { Contribution } from "./contributions";
