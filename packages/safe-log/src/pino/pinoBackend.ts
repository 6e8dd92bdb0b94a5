import { ConfigError, OptionsReader } from '@ballast/core';
import { type LoggerOptions, pino, symbols } from 'pino';
import { isoTime } from '../backend/isoTime.js';
import type { LogBackend } from '../backend/LogBackend.js';
import type { LogLevel } from '../logger/LogLevel.js';

/**
 * The npm levels as pino numbers: pino's own values where they exist (error 50, warn 40, info
 * 30, debug 20, silly ≙ trace 10), `http` and `verbose` in between.
 */
export const PINO_LEVEL_VALUES: Readonly<Record<LogLevel, number>> = Object.freeze({
  error: 50,
  warn: 40,
  info: 30,
  http: 25,
  verbose: 22,
  debug: 20,
  silly: 10,
});

/**
 * Options of {@link pinoBackend}: the pino options that shape a line. Levels, the level check,
 * redaction and writing stay with the safe logger. There is no `mixin` (it would run off the
 * calling path, out of the caller's context): use the logger's `context` provider.
 */
export interface PinoBackendOptions extends Pick<
  LoggerOptions,
  | 'base'
  | 'formatters'
  | 'messageKey'
  | 'msgPrefix'
  | 'name'
  | 'nestedKey'
  | 'redact'
  | 'serializers'
> {
  /** `time` as epoch milliseconds (pino's default) or an ISO-8601 string; always the time of the call. @default 'epoch' */
  readonly timestamp?: 'epoch' | 'iso';
}

type PinoWrite = (fields: object, message: string, level: number) => void;

const KEYS = [
  'base',
  'formatters',
  'messageKey',
  'msgPrefix',
  'name',
  'nestedKey',
  'redact',
  'serializers',
  'timestamp',
];

/**
 * A backend that formats lines with pino (an optional peer dependency: install `pino` to use
 * it). Lines are pino's: `{"level":30,"time":…,"pid":…,"hostname":…,…fields,"msg":…}`, with
 * the npm levels mapped by {@link PINO_LEVEL_VALUES}. Bad options, also those pino itself
 * refuses (an invalid `redact` path), throw `ConfigError`.
 *
 * @example
 * ```ts
 * import { createSafeLogger } from '@ballast/safe-log';
 * import { pinoBackend } from '@ballast/safe-log/pino';
 *
 * const logger = createSafeLogger({ file: 'logs/app.log', backend: pinoBackend({ base: { service: 'shop' } }) });
 * ```
 */
export function pinoBackend(options: PinoBackendOptions = {}): LogBackend {
  const read = new OptionsReader('pinoBackend', options, KEYS);
  const timestamp = read.oneOf('timestamp', 'epoch', ['epoch', 'iso']);
  const { timestamp: _ignored, ...shape } = options;
  const stamp = isoTime();
  let time = 0;
  let line = '';
  let logger: object;
  try {
    logger = pino(
      {
        ...shape,
        level: 'silly',
        customLevels: PINO_LEVEL_VALUES,
        useOnlyCustomLevels: true,
        timestamp: timestamp === 'iso' ? () => `,"time":"${stamp(time)}"` : () => `,"time":${time}`,
      },
      {
        write(text: string) {
          line = text;
        },
      },
    );
  } catch (error) {
    // pino's own checks (redact paths, formatters) throw plain errors that quote the option.
    throw new ConfigError(
      'pinoBackend: pino refused these options (its error is the cause); check redact, formatters and serializers.',
      { cause: error },
    );
  }
  const write = (logger as unknown as Record<symbol, PinoWrite | undefined>)[symbols.writeSym];
  if (typeof write !== 'function')
    throw new ConfigError(
      'pinoBackend: this pino has no write step (pino.symbols.writeSym); use pino 9 or 10.',
    );
  return {
    name: 'pino',
    format(entry) {
      time = entry.time;
      line = '';
      // The logger's own write step: the level is already checked, and a message is data, never
      // a printf template (`logger.info(obj, msg)` would run `%s` substitution first).
      write.call(logger, entry.fields, entry.message, PINO_LEVEL_VALUES[entry.level]);
      return line;
    },
  };
}
