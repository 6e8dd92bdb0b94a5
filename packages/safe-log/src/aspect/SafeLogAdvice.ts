import {
  type Advice,
  type AdviceTarget,
  currentRequestId,
  errorCode,
  type Invocation,
  isThenable,
  type Runtime,
} from '@ballast/core';
import type { LogLevel } from '../logger/LogLevel.js';
import type { LogWriter } from '../logger/LogWriter.js';
import type { Redaction } from '../redact/Redaction.js';
import { type CallOutcome, methodCounters } from './CallStatistics.js';
import type { ResolvedSafeLogOptions } from './SafeLogOptions.js';
import { defaultLoggerHolder, resolveDefaultLogger } from './setSafeLogLogger.js';

const TIMEOUT_CODE = 'BALLAST_ERR_TIMEOUT';

/** A redacted copy of `value`, or a marked preview when its JSON exceeds `maxChars`. */
function capped(redaction: Redaction, value: unknown, maxChars: number): unknown {
  const copy = redaction.copy(value);
  const json = JSON.stringify(copy) ?? 'undefined';
  return json.length <= maxChars
    ? copy
    : { truncated: true, chars: json.length, preview: json.slice(0, maxChars) };
}

/**
 * Builds the SafeLog advice for one method: one structured line per logical call (outside
 * Fallback and Retry, so `attempts` counts the retries), statistics by outcome and a duration
 * histogram. The method's result and error pass through untouched unless `swallow` is set.
 * Logging and statistics never throw into the call.
 */
export function createSafeLogAdvice(
  options: ResolvedSafeLogOptions,
  runtime: Runtime,
  target: AdviceTarget,
): Advice {
  const clock = runtime.clock;
  const counters = methodCounters(runtime, target.className, target.methodName);
  const holder = defaultLoggerHolder(runtime);
  const {
    successLevel,
    warnLevel,
    errorLevel,
    expected,
    expectedLevel,
    slowMs,
    logArgs,
    logResult,
    swallow,
    defaultValue,
    redaction,
    maxFieldChars,
  } = options;
  const messages: Record<CallOutcome, string> = {
    success: `${target.qualifiedName} success`,
    error: `${target.qualifiedName} error`,
    timeout: `${target.qualifiedName} timeout`,
    swallowed: `${target.qualifiedName} swallowed`,
  };

  /** The logger when it takes a line at `level`, else undefined: a rejected line is never built. */
  function loggerFor(level: LogLevel): LogWriter | undefined {
    const logger = options.logger ?? holder.logger ?? resolveDefaultLogger(runtime, holder);
    if (logger.isLevelEnabled !== undefined && !logger.isLevelEnabled(level)) return undefined;
    return logger;
  }

  function line(outcome: CallOutcome, invocation: Invocation, ms: number): Record<string, unknown> {
    const fields: Record<string, unknown> = {
      service: target.className,
      method: target.methodName,
      outcome,
      durationMs: Math.round(ms * 1000) / 1000,
      attempts: invocation.attempt,
    };
    const requestId = currentRequestId();
    if (requestId !== undefined) fields.requestId = requestId;
    if (logArgs) fields.args = capped(redaction, invocation.args, maxFieldChars);
    return fields;
  }

  // Logging must never break the call; a safe logger counts its own failures.
  function logSuccess(invocation: Invocation, ms: number, slow: boolean, value: unknown): void {
    try {
      const level = slow ? warnLevel : (successLevel as LogLevel);
      const logger = loggerFor(level);
      if (logger === undefined) return;
      const fields = line('success', invocation, ms);
      if (slow) {
        fields.slow = true;
        fields.slowMs = slowMs;
      }
      if (logResult) fields.result = capped(redaction, value, maxFieldChars);
      logger.log(level, messages.success, fields);
    } catch {
      // Swallowed: see above.
    }
  }

  function logFailure(
    invocation: Invocation,
    ms: number,
    outcome: CallOutcome,
    error: unknown,
    code: string | undefined,
    timedOut: boolean,
  ): void {
    try {
      const isExpected = !timedOut && expected !== undefined && matchesSafely(expected, error);
      const level = timedOut ? warnLevel : isExpected ? expectedLevel : errorLevel;
      const logger = loggerFor(level);
      if (logger === undefined) return;
      const fields = line(outcome, invocation, ms);
      fields.error = redaction.copy(error);
      if (code !== undefined) fields.errorCode = code;
      if (timedOut) fields.timeout = true;
      if (isExpected) fields.expected = true;
      logger.log(level, messages[outcome], fields);
    } catch {
      // Swallowed: see above.
    }
  }

  function succeeded(invocation: Invocation, start: number, value: unknown): unknown {
    const ms = clock.now() - start;
    counters.record('success', ms / 1000);
    const slow = slowMs > 0 && ms >= slowMs;
    if (slow || successLevel !== 'off') logSuccess(invocation, ms, slow, value);
    return value;
  }

  function failed(invocation: Invocation, start: number, error: unknown): unknown {
    const ms = clock.now() - start;
    const code = errorCode(error);
    const timedOut = code === TIMEOUT_CODE;
    const outcome: CallOutcome = swallow ? 'swallowed' : timedOut ? 'timeout' : 'error';
    counters.record(outcome, ms / 1000);
    logFailure(invocation, ms, outcome, error, code, timedOut);
    if (swallow) return defaultValue;
    throw error;
  }

  return (invocation, next) => {
    const start = clock.now();
    let result: unknown;
    try {
      result = next(invocation);
    } catch (error) {
      return failed(invocation, start, error);
    }
    if (isThenable(result)) {
      return (result as Promise<unknown>).then(
        (value) => succeeded(invocation, start, value),
        (error: unknown) => failed(invocation, start, error),
      );
    }
    return succeeded(invocation, start, result);
  };
}

/** A throwing `expected` predicate counts as "not expected": the line stays at error level. */
function matchesSafely(expected: (error: unknown) => boolean, error: unknown): boolean {
  try {
    return expected(error) === true;
  } catch {
    return false;
  }
}
