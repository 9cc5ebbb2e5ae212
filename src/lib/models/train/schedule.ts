/** The learning-rate schedule: linear warm-up, then linear decay to a floor. Browser-safe. */

export interface ScheduleConfig {
  /** Peak learning rate. */
  learningRate: number;
  /** Steps of linear warm-up from 0 to the peak. */
  warmupSteps: number;
  /** After warm-up: "linear" decay to minLearningRateFraction·peak at the last step, or "none". */
  decay: "linear" | "none";
  /** Floor of the decay as a fraction of the peak. */
  minLearningRateFraction: number;
}

/** Learning rate at a step (1-based) of a run of totalSteps steps. */
export function learningRateAt(step: number, totalSteps: number, c: ScheduleConfig): number {
  const peak = c.learningRate;
  if (c.warmupSteps > 0 && step <= c.warmupSteps) return (peak * step) / c.warmupSteps;
  if (c.decay === "none") return peak;
  const span = Math.max(1, totalSteps - c.warmupSteps);
  const progress = Math.min(1, Math.max(0, (step - c.warmupSteps) / span));
  return peak * (1 - (1 - c.minLearningRateFraction) * progress);
}
