export { check, firstDifference } from "./check";
export type { CaseResult, CheckReport, Exercise } from "./check";
export {
  attentionExercise,
  causalMaskExercise,
  mergeHeadsExercise,
  softmaxExercise,
  splitHeadsExercise,
} from "./exercises";
