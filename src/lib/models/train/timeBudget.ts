/** A wall-clock budget for a training run, on an injectable clock. Browser-safe. */

export class TimeBudget {
  private readonly start: number;

  /**
   * @param maxSeconds budget in seconds (Infinity = none)
   * @param clock seconds since an arbitrary origin (default performance.now() / 1000)
   */
  constructor(
    readonly maxSeconds: number,
    private readonly clock: () => number = () => performance.now() / 1000,
  ) {
    this.start = clock();
  }

  /** Seconds since the budget started. */
  elapsed(): number {
    return this.clock() - this.start;
  }

  /** Seconds left of the budget (0 once it is used up; Infinity without a budget). */
  remaining(): number {
    return Math.max(0, this.maxSeconds - this.elapsed());
  }

  /** True once the elapsed time has reached the budget. */
  exhausted(): boolean {
    return this.elapsed() >= this.maxSeconds;
  }
}
