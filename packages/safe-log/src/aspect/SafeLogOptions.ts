import { errorCode, OptionsReader } from '@ballast/core';
import { LOG_LEVEL_NAMES, type LogLevel } from '../logger/LogLevel.js';
import type { LogWriter } from '../logger/LogWriter.js';
import { Redaction } from '../redact/Redaction.js';

/** Options of `@SafeLog` / `safeLog()`. Validated at decoration (ConfigError, BALLAST_ERR_CONFIG). */
export interface SafeLogOptions {
  /** Where lines go. @default the runtime's logger from `setSafeLogLogger`, else a stderr safe logger */
  readonly logger?: LogWriter;
  /** Level of the line for a successful call; `'off'` writes none (statistics are still kept). @default 'info' */
  readonly successLevel?: LogLevel | 'off';
  /** Level for slow calls and timeouts. @default 'warn' */
  readonly warnLevel?: LogLevel;
  /** Level for failed calls. @default 'error' */
  readonly errorLevel?: LogLevel;
  /**
   * Failures that are part of normal operation (a version conflict, a missing record): error
   * codes, or a predicate. They are logged at `expectedLevel` with `expected: true` instead of
   * at `errorLevel`; the call still counts as an error in the statistics. @default none
   */
  readonly expected?: readonly string[] | ((error: unknown) => boolean);
  /** Level for failures matched by `expected`. @default 'info' */
  readonly expectedLevel?: LogLevel;
  /** A successful call slower than this (ms) is logged at `warnLevel` with `slow: true`; 0 disables. @default 1000 */
  readonly slowMs?: number;
  /** Include the (redacted, size-capped) arguments. @default false */
  readonly logArgs?: boolean;
  /** Include the (redacted, size-capped) result. @default false */
  readonly logResult?: boolean;
  /** Cap on the serialised size of `args` and `result` in characters. @default 2048 */
  readonly maxFieldChars?: number;
  /**
   * For non-critical methods only: a failure is logged and counted as `swallowed`, and
   * `defaultValue` is returned (resolved, for async methods) instead of the error. @default false
   */
  readonly swallow?: boolean;
  /** What a swallowed call returns. @default undefined */
  readonly defaultValue?: unknown;
  /** Redaction for args, result and errors. @default new Redaction() with tighter caps */
  readonly redaction?: Redaction;
}

/** @internal validated options. */
export interface ResolvedSafeLogOptions {
  readonly logger: LogWriter | undefined;
  readonly successLevel: LogLevel | 'off';
  readonly warnLevel: LogLevel;
  readonly errorLevel: LogLevel;
  readonly expected: ((error: unknown) => boolean) | undefined;
  readonly expectedLevel: LogLevel;
  readonly slowMs: number;
  readonly logArgs: boolean;
  readonly logResult: boolean;
  readonly maxFieldChars: number;
  readonly swallow: boolean;
  readonly defaultValue: unknown;
  readonly redaction: Redaction;
}

const KEYS = [
  'logger',
  'successLevel',
  'warnLevel',
  'errorLevel',
  'expected',
  'expectedLevel',
  'slowMs',
  'logArgs',
  'logResult',
  'maxFieldChars',
  'swallow',
  'defaultValue',
  'redaction',
];

/** @internal validates `@SafeLog` input. */
export function readSafeLogOptions(
  input: SafeLogOptions | undefined,
  where: string,
): ResolvedSafeLogOptions {
  const read = new OptionsReader(where, input, KEYS);
  const logger = read.raw('logger');
  if (logger !== undefined && typeof (logger as Partial<LogWriter>).log !== 'function') {
    read.fail('logger', 'a logger with log(level, message, meta) (e.g. from createSafeLogger)');
  }
  const redaction = read.raw('redaction');
  if (redaction !== undefined && !(redaction instanceof Redaction))
    read.fail('redaction', 'a Redaction instance');
  const maxFieldChars = read.number('maxFieldChars', 2048, {
    integer: true,
    min: 64,
    max: 1_000_000,
  });
  const successLevel: LogLevel | 'off' =
    read.raw('successLevel') === 'off'
      ? 'off'
      : read.oneOf<LogLevel>('successLevel', 'info', LOG_LEVEL_NAMES);
  const expected = readExpected(read);
  const swallow = read.boolean('swallow', false);
  if (!swallow && read.has('defaultValue'))
    read.fail('defaultValue', 'given only together with swallow: true');
  return {
    logger: logger as LogWriter | undefined,
    successLevel,
    warnLevel: read.oneOf<LogLevel>('warnLevel', 'warn', LOG_LEVEL_NAMES),
    errorLevel: read.oneOf<LogLevel>('errorLevel', 'error', LOG_LEVEL_NAMES),
    expected,
    expectedLevel: read.oneOf<LogLevel>('expectedLevel', 'info', LOG_LEVEL_NAMES),
    slowMs: read.number('slowMs', 1000, { min: 0 }),
    logArgs: read.boolean('logArgs', false),
    logResult: read.boolean('logResult', false),
    maxFieldChars,
    swallow,
    defaultValue: read.raw('defaultValue'),
    redaction:
      (redaction as Redaction | undefined) ??
      new Redaction({
        maxDepth: 5,
        maxStringLength: Math.min(maxFieldChars, 1024),
        maxArrayLength: 20,
        maxKeys: 30,
      }),
  };
}

function readExpected(read: OptionsReader): ((error: unknown) => boolean) | undefined {
  const value = read.raw('expected');
  if (value === undefined) return undefined;
  if (typeof value === 'function') return value as (error: unknown) => boolean;
  if (
    !Array.isArray(value) ||
    value.some((code) => typeof code !== 'string' || code.length === 0)
  ) {
    return read.fail('expected', 'a list of error codes or a predicate (error) => boolean');
  }
  const codes = new Set<string>(value as string[]);
  return (error) => {
    const code = errorCode(error);
    return code !== undefined && codes.has(code);
  };
}
