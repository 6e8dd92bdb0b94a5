import type { Alert, AlertSink } from '@ballast/safe-log';
import type { AlertInput } from '../alerts/AlertInput.js';

/** Stores an alert; {@link AlertIntake.accept} once the container is built. */
export type AcceptAlert = (input: AlertInput, source: string) => unknown;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * safe-log's `AlertSink`, backed by the outbox: error-level log lines (deduplicated by
 * `AlertDeduper`) become alerts delivered like any other. `accept` is resolved lazily because
 * the logger exists before the services that use it.
 *
 * @example
 * ```ts
 * const sink = new OutboxAlertSink(() => intake);
 * const logger = createSafeLogger({ alerts: new AlertDeduper({ sink, runtime }), runtime });
 * ```
 */
export class OutboxAlertSink implements AlertSink {
  constructor(private readonly resolve: () => AcceptAlert | undefined) {}

  /** Enqueues `alert`; throws (counted by the deduper, never reaching the logging code) when it cannot. */
  send(alert: Alert): void {
    const accept = this.resolve();
    if (accept === undefined) throw new Error('alert-bot: the intake is not running');
    const labels: Record<string, string> = { fingerprint: clip(alert.fingerprint, 200) };
    if (alert.code !== undefined) labels.code = clip(alert.code, 200);
    if (alert.errorName !== undefined) labels.errorName = clip(alert.errorName, 200);
    accept(
      {
        title: clip(`${alert.source}: ${alert.message}`, 200),
        severity: 'critical',
        message: clip(
          `${alert.message}\n${alert.count} occurrence(s) between ${new Date(alert.firstSeen).toISOString()} and ${new Date(alert.lastSeen).toISOString()}.`,
          4_000,
        ),
        labels,
      },
      'log',
    );
  }
}
