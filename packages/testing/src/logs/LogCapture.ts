/** One structured log record: a level, a message and any other fields. */
export interface LogRecord {
  readonly level: string;
  readonly message?: unknown;
  readonly [field: string]: unknown;
}

/**
 * Collects structured log records in memory so tests can assert what was logged. Feed it
 * directly with {@link LogCapture.record}, or through a winston transport from
 * `captureTransport(logs)` in `@ballast/testing/winston`.
 *
 * @example
 * ```ts
 * const logs = new LogCapture();
 * logs.record({ level: 'error', message: 'delivery failed', channel: 'slack' });
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
}
