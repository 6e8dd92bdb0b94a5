/**
 * Wait before the next attempt after `attempts` failed ones: the schedule's entry spread by
 * ±`jitter` (so alerts failing together do not come back together), and never shorter than
 * the receiver's `Retry-After`. Undefined when the schedule is exhausted.
 *
 * @example
 * ```ts
 * retryDelay([5_000, 300_000], 0.2, 1, Math.random) // 4000..6000
 * ```
 */
export function retryDelay(
  schedule: readonly number[],
  jitter: number,
  attempts: number,
  random: () => number,
  retryAfterMs = 0,
): number | undefined {
  const base = schedule[attempts - 1];
  if (base === undefined) return undefined;
  const spread = base * (1 - jitter + 2 * jitter * random());
  return Math.max(Math.round(spread), retryAfterMs);
}
