import { ConfigError, isRuntime, type Runtime } from '@ballast/core';
import { createSafeLogger } from '../logger/createSafeLogger.js';
import { registerLoggerStatistics } from '../logger/loggerRegistry.js';
import type { LogWriter } from '../logger/LogWriter.js';
import { SafeLogger } from '../logger/SafeLogger.js';

const DEFAULT_LOGGER = Symbol.for('ballast.safe-log.default-logger');

/** @internal where SafeLog finds its runtime-wide logger; read on every logged call. */
export interface DefaultLoggerHolder {
  logger: LogWriter | undefined;
}

/** @internal the holder of `runtime` (created on first use). */
export function defaultLoggerHolder(runtime: Runtime): DefaultLoggerHolder {
  return runtime.service<DefaultLoggerHolder>(DEFAULT_LOGGER, () => ({ logger: undefined }));
}

/** @internal the runtime's default logger; a stderr safe logger is created when none was set. */
export function resolveDefaultLogger(runtime: Runtime, holder: DefaultLoggerHolder): LogWriter {
  holder.logger ??= createSafeLogger({ name: 'safelog', runtime });
  return holder.logger;
}

/**
 * Sets the logger every `@SafeLog` on `runtime` writes to unless its options name one. Takes
 * effect on the next call, also for methods already woven. A {@link SafeLogger} is added to
 * `safeLoggerStatistics(runtime)`. A non-runtime or a non-logger throws `ConfigError`.
 *
 * @example
 * ```ts
 * setSafeLogLogger(runtime, createSafeLogger({ file: 'logs/app.log', runtime }));
 * ```
 */
export function setSafeLogLogger(runtime: Runtime, logger: LogWriter): void {
  if (!isRuntime(runtime))
    throw new ConfigError('setSafeLogLogger: runtime must be a ballast Runtime (createRuntime()).');
  if (typeof (logger as Partial<LogWriter> | undefined)?.log !== 'function') {
    throw new ConfigError(
      'setSafeLogLogger: logger must have log(level, message, meta) (e.g. from createSafeLogger).',
    );
  }
  defaultLoggerHolder(runtime).logger = logger;
  if (logger instanceof SafeLogger) registerLoggerStatistics(runtime, logger.liveStatistics);
}
