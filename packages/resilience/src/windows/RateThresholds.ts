/**
 * The rate rule shared by the sliding windows: open when at least `minimumCalls` calls are in
 * the window and the failure rate or the slow-call rate reaches its threshold (percent).
 */
export class RateThresholds {
  constructor(
    readonly minimumCalls: number,
    readonly failureRatePercent: number,
    readonly slowCallRatePercent: number,
  ) {}

  /** True when `failures` or `slow` out of `calls` reach their threshold. */
  exceeded(calls: number, failures: number, slow: number): boolean {
    if (calls < this.minimumCalls || calls === 0) return false;
    return (
      failures * 100 >= this.failureRatePercent * calls ||
      slow * 100 >= this.slowCallRatePercent * calls
    );
  }
}
