/** What the inspection bot last concluded about a target. */
export type TargetState = 'unknown' | 'up' | 'down';

/** A target's state and its failures in a row. */
export interface TargetHealth {
  readonly state: TargetState;
  readonly failures: number;
  /** Why the last check failed, if it did. */
  readonly lastError: string | undefined;
}

/** What a check result changes: the new health and, on a state change, the alert to raise. */
export interface HealthStep {
  readonly health: TargetHealth;
  readonly change: 'down' | 'up' | undefined;
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
): HealthStep {
  if (error === undefined) {
    return {
      health: { state: 'up', failures: 0, lastError: undefined },
      change: health.state === 'down' ? 'up' : undefined,
    };
  }
  const failures = health.failures + 1;
  const down = failures >= failuresBeforeDown;
  return {
    health: { state: down ? 'down' : health.state, failures, lastError: error },
    change: down && health.state !== 'down' ? 'down' : undefined,
  };
}
