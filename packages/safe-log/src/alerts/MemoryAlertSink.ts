import type { Alert, AlertSink } from './AlertSink.js';

/**
 * Keeps the last `capacity` alerts in memory: for tests and for an admin page.
 *
 * @example
 * ```ts
 * const sink = new MemoryAlertSink();
 * const alerts = new AlertDeduper({ sink, windowMs: 60_000 });
 * ```
 */
export class MemoryAlertSink implements AlertSink {
  readonly #alerts: Alert[] = [];

  /** @param capacity - alerts kept; older ones are discarded. @default 1000 */
  constructor(readonly capacity = 1_000) {}

  /** The alerts kept, oldest first. */
  get alerts(): readonly Alert[] {
    return this.#alerts;
  }

  send(alert: Alert): void {
    this.#alerts.push(alert);
    if (this.#alerts.length > this.capacity) this.#alerts.shift();
  }

  /** Forgets every alert. */
  clear(): void {
    this.#alerts.length = 0;
  }
}
