/** What the inspection bot last concluded about a target. */
export type TargetState = 'unknown' | 'up' | 'down';

/** A target's state, since when, and its failures in a row. */
export interface TargetHealth {
  readonly state: TargetState;
  /** When the target entered `state` (ms since the epoch). */
  readonly since: number;
  readonly failures: number;
  /** Why the last check failed, if it did. */
  readonly lastError: string | undefined;
  /** When it was last checked. */
  readonly checkedAt: number;
}

/** What a check result changes: the new health and, on a state change, the alert to raise. */
export interface HealthStep {
  readonly health: TargetHealth;
  readonly change: 'down' | 'up' | undefined;
}

/** A target never checked. */
export function unknownHealth(now: number): TargetHealth {
  return { state: 'unknown', since: now, failures: 0, lastError: undefined, checkedAt: now };
}

/**
 * The state machine that keeps inspection quiet: a target goes down after `failuresBeforeDown`
 * failed checks in a row and comes back up on the first success; only those two moves raise
 * an alert. The first success of an unknown target is not news.
 */
export function nextHealth(
  health: TargetHealth,
  error: string | undefined,
  failuresBeforeDown: number,
  now: number,
): HealthStep {
  if (error === undefined) {
    const since = health.state === 'up' ? health.since : now;
    return {
      health: { state: 'up', since, failures: 0, lastError: undefined, checkedAt: now },
      change: health.state === 'down' ? 'up' : undefined,
    };
  }
  const failures = health.failures + 1;
  const down = failures >= failuresBeforeDown;
  const state = down ? 'down' : health.state;
  return {
    health: {
      state,
      since: state === health.state ? health.since : now,
      failures,
      lastError: error,
      checkedAt: now,
    },
    change: down && health.state !== 'down' ? 'down' : undefined,
  };
}
