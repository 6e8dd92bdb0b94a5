import type { Writable } from 'node:stream';
import { StreamSink } from '../sinks/StreamSink.js';
import type { Alert, AlertSink } from './AlertSink.js';

/**
 * Writes each alert as one JSON line prefixed with `ALERT` to a stream (default stderr), for
 * development and for log-scraping alert pipelines. A stream that fails (EPIPE on a closed
 * pipe, destroyed) rejects `send`, which the feeder counts in `sinkErrors`; its 'error' event
 * is listened to, so it never crashes the process.
 *
 * @example
 * ```ts
 * const alerts = new AlertDeduper({ sink: new ConsoleAlertSink() });
 * ```
 */
export class ConsoleAlertSink implements AlertSink {
  readonly #sink: StreamSink;

  /** @param stream - where alerts go. @default process.stderr */
  constructor(readonly stream: Writable = process.stderr) {
    this.#sink = new StreamSink(stream, 'alerts');
  }

  send(alert: Alert): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#sink.write(`ALERT ${JSON.stringify(alert)}\n`, (error) =>
        error ? reject(error) : resolve(),
      );
    });
  }
}
