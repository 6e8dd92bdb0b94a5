import type { ClusterSettings } from './ClusterOptions.js';

/** What {@link restartDelay} decides for a crashed worker. */
export interface RestartPlan {
  /** Milliseconds to wait before forking the replacement. */
  readonly delayMs: number;
  /** Crashes in a row, this one included. */
  readonly crashes: number;
}

/**
 * Backoff for a crashed worker: `initialMs × multiplier^(crashes in a row)`, capped at `maxMs`.
 * A worker that ran at least `stableAfterMs` before crashing starts the count again, so one
 * crash a day never waits long, while a crash loop settles at one attempt per `maxMs`.
 */
export function restartDelay(
  settings: Pick<ClusterSettings, 'restartBackoff' | 'stableAfterMs'>,
  previousCrashes: number,
  uptimeMs: number,
): RestartPlan {
  const { initialMs, maxMs, multiplier } = settings.restartBackoff;
  const before = uptimeMs >= settings.stableAfterMs ? 0 : previousCrashes;
  // The exponent is capped so the product stays finite (0 × Infinity would be NaN).
  const delayMs = Math.min(maxMs, initialMs * multiplier ** Math.min(before, 64));
  return { delayMs, crashes: before + 1 };
}
