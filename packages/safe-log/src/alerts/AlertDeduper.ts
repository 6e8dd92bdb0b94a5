import { isRuntime, OptionsReader, type Runtime } from '@ballast/core';
import { type TimerSource, type TimerTask, timerSourceFor } from '../logger/TimerSource.js';
import type { AlertSink, ErrorSummary } from './AlertSink.js';
import { errorFingerprint } from './errorFingerprint.js';

/** Options of {@link AlertDeduper}. */
export interface AlertDeduperOptions {
  /** Where alerts go. */
  readonly sink: AlertSink;
  /** One alert per fingerprint per window. @default 60000 */
  readonly windowMs?: number;
  /** Alerts sent per window over all fingerprints; the excess is folded into later counts. @default 30 */
  readonly maxAlertsPerWindow?: number;
  /** Fingerprints tracked at once; errors beyond are counted in `dropped`. @default 1000 */
  readonly maxFingerprints?: number;
  /** Timers from this runtime's scheduler (cleared on dispose). */
  readonly runtime?: Runtime;
  /** Timer source (overrides the runtime's). @default unref'd timers */
  readonly timers?: TimerSource;
  /** Time source. @default runtime clock, else `Date.now` */
  readonly now?: () => number;
}

class Window {
  pending = 0;
  pendingSince = 0;
  lastSeen = 0;
  timer: TimerTask | undefined;
  constructor(readonly summary: ErrorSummary) {}
}

/**
 * Turns a stream of error summaries into few alerts: the first occurrence of a fingerprint is
 * sent at once; repeats within `windowMs` are counted and sent as one alert (with the count)
 * when the window ends. A global cap per window protects the receiving channel. Never throws.
 *
 * @example
 * ```ts
 * const alerts = new AlertDeduper({ sink: new ConsoleAlertSink(), windowMs: 60_000 });
 * const logger = createSafeLogger({ file: 'app.log', alerts }); // error lines become alerts
 * ```
 */
export class AlertDeduper {
  readonly #sink: AlertSink;
  readonly #windowMs: number;
  readonly #maxPerWindow: number;
  readonly #maxFingerprints: number;
  readonly #timers: TimerSource;
  readonly #now: () => number;
  readonly #windows = new Map<string, Window>();
  #budgetStart = -Infinity;
  #budgetUsed = 0;
  #closed = false;
  /** Plain-number statistics. */
  readonly statistics = {
    reported: 0,
    sent: 0,
    folded: 0,
    rateLimited: 0,
    dropped: 0,
    sinkErrors: 0,
  };

  constructor(options: AlertDeduperOptions) {
    const read = new OptionsReader('AlertDeduper', options, [
      'sink',
      'windowMs',
      'maxAlertsPerWindow',
      'maxFingerprints',
      'runtime',
      'timers',
      'now',
    ]);
    if (typeof options.sink?.send !== 'function')
      read.fail('sink', 'an AlertSink (an object with send(alert))');
    if (options.runtime !== undefined && !isRuntime(options.runtime))
      read.fail('runtime', 'a ballast Runtime (createRuntime())');
    this.#sink = options.sink;
    this.#windowMs = read.number('windowMs', 60_000, { above: 0 });
    this.#maxPerWindow = read.number('maxAlertsPerWindow', 30, { integer: true, min: 1 });
    this.#maxFingerprints = read.number('maxFingerprints', 1_000, { integer: true, min: 1 });
    this.#timers = options.timers ?? timerSourceFor(options.runtime);
    const runtime = options.runtime;
    this.#now =
      read.func<() => number>('now') ??
      (runtime === undefined ? Date.now : () => runtime.clock.now());
    runtime?.onDispose(() => this.close());
  }

  /** Counts one occurrence; sends an alert now or folds it into the window's count. */
  report(summary: ErrorSummary): void {
    if (this.#closed) return;
    try {
      this.statistics.reported++;
      const now = this.#now();
      const fingerprint = errorFingerprint(summary);
      const open = this.#windows.get(fingerprint);
      if (open !== undefined) {
        this.#fold(open, now);
        return;
      }
      if (this.#windows.size >= this.#maxFingerprints) {
        this.statistics.dropped++;
        return;
      }
      const window = new Window(summary);
      this.#windows.set(fingerprint, window);
      window.timer = this.#timers.schedule(this.#windowMs, () =>
        this.#endWindow(fingerprint, window),
      );
      if (!this.#send(fingerprint, window, 1, now, now)) this.#fold(window, now);
    } catch {
      this.statistics.sinkErrors++;
    }
  }

  /** Sends what is pending, stops timers and ignores later reports. Idempotent. */
  close(): void {
    if (this.#closed) return;
    for (const [fingerprint, window] of this.#windows) {
      window.timer?.cancel();
      if (window.pending > 0)
        this.#send(fingerprint, window, window.pending, window.pendingSince, window.lastSeen, true);
    }
    this.#windows.clear();
    this.#closed = true;
  }

  #fold(window: Window, now: number): void {
    if (window.pending === 0) window.pendingSince = now;
    window.pending++;
    window.lastSeen = now;
    this.statistics.folded++;
  }

  #endWindow(fingerprint: string, window: Window): void {
    if (window.pending === 0) {
      this.#windows.delete(fingerprint);
      return;
    }
    if (this.#send(fingerprint, window, window.pending, window.pendingSince, window.lastSeen))
      window.pending = 0;
    window.timer = this.#timers.schedule(this.#windowMs, () =>
      this.#endWindow(fingerprint, window),
    );
  }

  #send(
    fingerprint: string,
    window: Window,
    count: number,
    firstSeen: number,
    lastSeen: number,
    force = false,
  ): boolean {
    const now = this.#now();
    if (now - this.#budgetStart >= this.#windowMs) {
      this.#budgetStart = now;
      this.#budgetUsed = 0;
    }
    if (!force && this.#budgetUsed >= this.#maxPerWindow) {
      this.statistics.rateLimited++;
      return false;
    }
    this.#budgetUsed++;
    const { message, source, errorName, code } = window.summary;
    try {
      const pending = this.#sink.send({
        fingerprint,
        message,
        source,
        errorName,
        code,
        count,
        firstSeen,
        lastSeen,
      });
      if (pending !== undefined) pending.then(undefined, () => this.statistics.sinkErrors++);
      this.statistics.sent++;
    } catch {
      this.statistics.sinkErrors++;
    }
    return true;
  }
}
