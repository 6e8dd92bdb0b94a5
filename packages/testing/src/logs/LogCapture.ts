import { createRequire } from 'node:module';
import type TransportStream from 'winston-transport';

/** One structured log record: a level, a message and any other fields. */
export interface LogRecord {
  readonly level: string;
  readonly message?: unknown;
  readonly [field: string]: unknown;
}

/** Options of {@link LogCapture.winstonTransport}. */
export interface CaptureTransportOptions {
  /** Lowest level the transport accepts. @default every level */
  readonly level?: string;
}

/**
 * Collects structured log records in memory so tests can assert what was logged. Feed it
 * directly with {@link LogCapture.record} or plug {@link LogCapture.winstonTransport} into a
 * winston logger.
 *
 * @example
 * ```ts
 * const logs = new LogCapture();
 * const logger = winston.createLogger({ transports: [logs.winstonTransport()] });
 * logger.error('delivery failed', { channel: 'slack' });
 * expect(logs.atLevel('error')[0]).toMatchObject({ message: 'delivery failed', channel: 'slack' });
 * ```
 */
export class LogCapture {
  readonly #records: LogRecord[] = [];

  /** Every record captured, oldest first. */
  get records(): readonly LogRecord[] {
    return this.#records;
  }

  /** Stores a copy of `entry`'s string-keyed fields (winston's symbol keys are dropped). */
  record(entry: LogRecord): void {
    this.#records.push(Object.fromEntries(Object.entries(entry)) as LogRecord);
  }

  /** Records at exactly `level`. */
  atLevel(level: string): LogRecord[] {
    return this.#records.filter((entry) => entry.level === level);
  }

  /** Records whose message contains `text`. */
  withMessage(text: string): LogRecord[] {
    return this.#records.filter(
      (entry) => typeof entry.message === 'string' && entry.message.includes(text),
    );
  }

  /** Forgets every record. */
  clear(): void {
    this.#records.length = 0;
  }

  /**
   * A winston transport that records into this capture. `winston-transport` (installed with
   * winston) is loaded only when this is called, so `@ballast/testing` does not depend on it.
   */
  winstonTransport(options: CaptureTransportOptions = {}): TransportStream {
    const require = createRequire(import.meta.url);
    const Transport = require('winston-transport') as typeof TransportStream;
    return new Transport({
      ...(options.level === undefined ? {} : { level: options.level }),
      log: (info: LogRecord, next: () => void) => {
        this.record(info);
        next();
      },
    });
  }
}
