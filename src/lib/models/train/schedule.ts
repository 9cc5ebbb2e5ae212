/** The learning-rate schedule: linear warm-up, then linear decay to a floor. Browser-safe. */

export interface ScheduleConfig {
  /** Peak learning rate. */
  learningRate: number;
  /** Steps of linear warm-up from 0 to the peak. */
  warmupSteps: number;
  /**
   * After warm-up: "linear" decay to minLearningRateFraction·peak at the last step; "linear-time"
   * the same decay over the time budget instead of the steps (learningRateByTime); or "none".
   */
  decay: "linear" | "linear-time" | "none";
  /** Floor of the decay as a fraction of the peak. */
  minLearningRateFraction: number;
}

/** Learning rate at a step (1-based) of a run of totalSteps steps. */
export function learningRateAt(step: number, totalSteps: number, c: ScheduleConfig): number {
  const peak = c.learningRate;
  if (c.warmupSteps > 0 && step <= c.warmupSteps) return (peak * step) / c.warmupSteps;
  if (c.decay === "none") return peak;
  if (c.decay === "linear-time")
    throw new Error('learningRateAt: decay "linear-time" follows the clock; use learningRateByTime');
  const span = Math.max(1, totalSteps - c.warmupSteps);
  const progress = Math.min(1, Math.max(0, (step - c.warmupSteps) / span));
  return peak * (1 - (1 - c.minLearningRateFraction) * progress);
}

/**
 * Learning rate when the decay follows the clock: warm-up over the first steps as above, then a
 * linear decay in the share of the time budget used since the warm-up ended, reaching the floor
 * when the budget runs out. A schedule planned in steps from a short timing ends too early or too
 * late when the machine's speed changes during a run (other processes on a shared CPU); this one
 * always ends with the budget.
 *
 *   budgetFraction: elapsed / budget (0 … 1);  warmupEndFraction: its value when warm-up ended.
 */
export function learningRateByTime(
  step: number,
  budgetFraction: number,
  warmupEndFraction: number,
  c: ScheduleConfig,
): number {
  const peak = c.learningRate;
  if (c.warmupSteps > 0 && step <= c.warmupSteps) return (peak * step) / c.warmupSteps;
  const span = Math.max(1e-9, 1 - warmupEndFraction);
  const progress = Math.min(1, Math.max(0, (budgetFraction - warmupEndFraction) / span));
  return peak * (1 - (1 - c.minLearningRateFraction) * progress);
}
