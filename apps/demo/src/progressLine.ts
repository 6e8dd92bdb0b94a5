import type { DemoSnapshot } from './DemoObserver.js';

/**
 * One line of progress: elapsed time, phase and the running totals — calls, retries, breaker
 * transitions (opened ↑ / closed ↓), fallbacks served, alerts delivered.
 */
export function progressLine(
  elapsedSeconds: number,
  phase: string,
  snapshot: DemoSnapshot,
): string {
  const { total, alerts } = snapshot;
  return [
    `${elapsedSeconds.toFixed(0).padStart(4)}s ${phase.padEnd(12)}`,
    `calls ${total.calls}`,
    `retries ${total.retries}`,
    `breakers ↑${total.breakerOpened} ↓${total.breakerClosed}`,
    `fallbacks ${total.fallbacks}`,
    `alerts delivered ${alerts.delivered}`,
  ].join(' │ ');
}
