import { OptionsReader, readProperty } from '@ballast/core';
import winston, { type Logform } from 'winston';
import { isoTime } from './isoTime.js';
import type { LogBackend } from './LogBackend.js';

const MESSAGE = Symbol.for('message');

/** Options of {@link winstonBackend}. */
export interface WinstonBackendOptions {
  /**
   * The winston format that produces the line: it gets winston's `info` object (`level`,
   * `message`, the fields, and `timestamp`, the ISO time of the call) and must set
   * `info[Symbol.for('message')]`, else the info is written as JSON. Do not add
   * `format.timestamp()`: it would stamp the (later) time of formatting.
   * @default the info as one JSON object
   */
  readonly format?: Logform.Format;
}

/**
 * The default format: the info as JSON. Entries hold redacted plain copies (no cycles, no
 * BigInt), so plain `JSON.stringify` does, not the safe stringifier behind `format.json()`.
 */
const jsonLine = winston.format((info) => {
  (info as Record<symbol, unknown>)[MESSAGE] = JSON.stringify(info);
  return info;
})();

/**
 * The default backend: winston's format pipeline (logform) turns each entry into a line, so
 * any `winston.format` works. Lines are `{"level":…,"message":…,…fields,"timestamp":…}`.
 * winston's per-line stream machinery is not used: the safe logger batches, queues and writes
 * itself (that machinery cost ~2 µs a line on the caller's path). A misspelt option or a
 * `format` that is not a winston format (`winston.format.json` not called) throws `ConfigError`.
 *
 * @example
 * ```ts
 * import winston from 'winston';
 * const logger = createSafeLogger({
 *   backend: winstonBackend({
 *     format: winston.format.printf((info) => `${info.timestamp} ${info.level} ${info.message}`),
 *   }),
 * });
 * ```
 */
export function winstonBackend(options: WinstonBackendOptions = {}): LogBackend {
  // A format that is ignored or fails on every line would only show up as plain-JSON fallbacks.
  const read = new OptionsReader('winstonBackend', options, ['format']);
  const given = read.raw('format');
  if (given !== undefined && typeof readProperty(given, 'transform') !== 'function')
    read.fail(
      'format',
      'a winston format such as winston.format.json() (an object with transform)',
    );
  const format = (given as Logform.Format | undefined) ?? jsonLine;
  const stamp = isoTime();
  return {
    name: 'winston',
    format(entry) {
      // level and message first for readable lines, and again after the fields so metadata cannot replace them.
      const info: Record<string | symbol, unknown> = {
        level: entry.level,
        message: entry.message,
        ...entry.fields,
      };
      info.level = entry.level;
      info.message = entry.message;
      info.timestamp = stamp(entry.time);
      const out = format.transform(info as Logform.TransformableInfo, format.options) as
        Record<string | symbol, unknown> | false;
      if (out === false || out === undefined || out === null) return undefined;
      const line = out[MESSAGE];
      return `${typeof line === 'string' ? line : JSON.stringify(out)}\n`;
    },
  };
}
