import type { Writable } from 'node:stream';
import type { Alert, AlertSink } from './AlertSink.js';

/**
 * Writes each alert as one JSON line prefixed with `ALERT` to a stream (default stderr), for
 * development and for log-scraping alert pipelines.
 */
export class ConsoleAlertSink implements AlertSink {
  /** @param stream - where alerts go. @default process.stderr */
  constructor(readonly stream: Writable = process.stderr) {}

  send(alert: Alert): void {
    this.stream.write(`ALERT ${JSON.stringify(alert)}\n`);
  }
}
