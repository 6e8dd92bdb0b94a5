/**
 * Outcome of one readiness check: `pass`; `warn` (degraded, still ready: reported with reasons);
 * `fail` (the process should not take traffic: `/health/ready` answers 503).
 */
export type ReadinessStatus = 'pass' | 'warn' | 'fail';

/** What a readiness check returns. */
export interface ReadinessResult {
  readonly status: ReadinessStatus;
  /** Why it is not `pass`, one line each, for people. */
  readonly reasons?: readonly string[];
  /** Anything JSON the operator may want to see (counters, states). */
  readonly details?: unknown;
}

/**
 * A pluggable readiness check. It may be async; the admin server bounds it with
 * `readinessTimeoutMs` and turns a throw or a timeout into `fail`.
 *
 * @example
 * ```ts
 * const database: ReadinessCheck = {
 *   name: 'database',
 *   check: async () => ((await pool.ping()) ? { status: 'pass' } : { status: 'fail', reasons: ['ping failed'] }),
 * };
 * startAdminServer(runtime, { readiness: { checks: [database] } });
 * ```
 */
export interface ReadinessCheck {
  /** Key of the check in the `/health/ready` answer. */
  readonly name: string;
  check(): ReadinessResult | Promise<ReadinessResult>;
}

/** The whole `/health/ready` answer. */
export interface ReadinessReport {
  readonly ready: boolean;
  /** The worst status of all checks. */
  readonly status: ReadinessStatus;
  /** Every reason of every check, prefixed with the check name. */
  readonly reasons: readonly string[];
  readonly checks: Readonly<Record<string, ReadinessResult>>;
}
