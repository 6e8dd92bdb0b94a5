import { errorCode, OptionsReader } from '@ballast/core';
import { AlertDeduper } from '../alerts/AlertDeduper.js';
import type { AlertSink } from '../alerts/AlertSink.js';
import type { LogWriter } from '../logger/LogWriter.js';

/** The part of `process` the guards use (a fake EventEmitter works in tests). */
export interface ProcessLike {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
}

/** What happens after an uncaught exception was logged. */
export type UncaughtPolicy = 'exit' | 'keep-running' | ((error: unknown) => void);

/** Options of {@link installProcessGuards}. */
export interface ProcessGuardOptions {
  /** Where events are logged; flushed before exiting when it has `flush(timeoutMs)`. */
  readonly logger: LogWriter & { flush?(timeoutMs?: number): Promise<boolean> };
  /** Deduplicated, rate-limited alerts for uncaught exceptions and unhandled rejections. */
  readonly alertSink?: AlertSink;
  /** After an uncaught exception: flush then exit (Node's own behaviour, made safe), keep running, or your handler. @default 'exit' */
  readonly onUncaught?: UncaughtPolicy;
  /** After an unhandled rejection: keep running, or flush then exit. @default 'keep-running' */
  readonly onRejection?: 'keep-running' | 'exit';
  /** Log process warnings (`MaxListenersExceededWarning`, deprecations). @default true */
  readonly logWarnings?: boolean;
  /** Exit code used when exiting. @default 1 */
  readonly exitCode?: number;
  /** How long the flush before exit may take. @default 2000 */
  readonly flushTimeoutMs?: number;
  /** Exits the process (injectable for tests). @default process.exit */
  readonly exit?: (code: number) => void;
  /** The process to guard. @default process */
  readonly process?: ProcessLike;
  /** Alert window per fingerprint. @default 60000 */
  readonly alertWindowMs?: number;
}

/** Handle of installed guards. */
export interface ProcessGuards {
  /** Removes every listener and stops alert timers. Idempotent. */
  uninstall(): void;
  /** Events seen, as plain numbers. */
  readonly statistics: {
    readonly uncaught: number;
    readonly rejections: number;
    readonly warnings: number;
    readonly handlerErrors: number;
  };
}

const installed = new WeakMap<ProcessLike, ProcessGuards>();
const KEYS = [
  'logger',
  'alertSink',
  'onUncaught',
  'onRejection',
  'logWarnings',
  'exitCode',
  'flushTimeoutMs',
  'exit',
  'process',
  'alertWindowMs',
];

/**
 * Logs uncaught exceptions, unhandled rejections and warnings through a safe logger, feeds
 * alerts, and applies an exit policy (flush, then exit, on uncaught exceptions by default; keep
 * running on rejections). Installing twice on the same process returns the first handle.
 *
 * @example
 * ```ts
 * const guards = installProcessGuards({ logger, alertSink: new ConsoleAlertSink() });
 * // on shutdown, or in tests:
 * guards.uninstall();
 * ```
 */
export function installProcessGuards(options: ProcessGuardOptions): ProcessGuards {
  const read = new OptionsReader('installProcessGuards', options, KEYS);
  if (typeof options.logger?.log !== 'function')
    read.fail('logger', 'a logger with log(level, message, meta)');
  const target: ProcessLike = options.process ?? process;
  const existing = installed.get(target);
  if (existing !== undefined) return existing;

  const logger = options.logger;
  const onUncaught = options.onUncaught ?? 'exit';
  if (typeof onUncaught !== 'function' && onUncaught !== 'exit' && onUncaught !== 'keep-running') {
    read.fail('onUncaught', "'exit', 'keep-running' or a function");
  }
  const onRejection = read.oneOf('onRejection', 'keep-running', ['keep-running', 'exit']);
  const exitCode = read.number('exitCode', 1, { integer: true, min: 0, max: 255 });
  const flushTimeoutMs = read.number('flushTimeoutMs', 2_000, { min: 0 });
  const exit = read.func<(code: number) => void>('exit') ?? ((code: number) => process.exit(code));
  const alerts =
    options.alertSink === undefined
      ? undefined
      : new AlertDeduper({
          sink: options.alertSink,
          windowMs: read.number('alertWindowMs', 60_000, { above: 0 }),
        });
  const statistics = { uncaught: 0, rejections: 0, warnings: 0, handlerErrors: 0 };
  let exiting = false;

  const guarded = (fn: () => void): void => {
    try {
      fn();
    } catch {
      statistics.handlerErrors++;
    }
  };
  const report = (
    level: 'error' | 'warn',
    message: string,
    error: unknown,
    extra: Record<string, unknown>,
  ): void => {
    guarded(() => logger.log(level, message, { ...extra, error }));
    if (alerts === undefined) return;
    const { name, message: text } = (
      typeof error === 'object' && error !== null ? error : {}
    ) as Record<string, unknown>;
    guarded(() =>
      alerts.report({
        source: 'process',
        message: `${message}: ${typeof text === 'string' ? text : String(error)}`,
        errorName: typeof name === 'string' ? name : undefined,
        code: errorCode(error),
      }),
    );
  };
  const flushThenExit = (): void => {
    if (exiting) return;
    exiting = true;
    let exited = false;
    const finish = (): void => {
      if (exited) return;
      exited = true;
      clearTimeout(backstop);
      alerts?.close();
      guarded(() => exit(exitCode));
    };
    // A logger whose flush never settles must not keep a crashed process alive.
    const backstop = setTimeout(finish, flushTimeoutMs + 500);
    let flushing: Promise<unknown> = Promise.resolve(true);
    guarded(() => {
      if (typeof logger.flush === 'function')
        flushing = Promise.resolve(logger.flush(flushTimeoutMs));
    });
    flushing.then(finish, finish);
  };

  const uncaught = (error: unknown, origin?: unknown): void => {
    statistics.uncaught++;
    report('error', 'uncaught exception', error, {
      origin: typeof origin === 'string' ? origin : 'uncaughtException',
    });
    if (onUncaught === 'exit') flushThenExit();
    else if (typeof onUncaught === 'function') guarded(() => onUncaught(error));
  };
  const rejection = (reason: unknown): void => {
    statistics.rejections++;
    report('error', 'unhandled rejection', reason, {});
    if (onRejection === 'exit') flushThenExit();
  };
  const warning = (warn: unknown): void => {
    statistics.warnings++;
    const { name, message } = (typeof warn === 'object' && warn !== null ? warn : {}) as Record<
      string,
      unknown
    >;
    guarded(() => logger.log('warn', 'process warning', { warning: { name, message } }));
  };

  const logWarnings = read.boolean('logWarnings', true);
  target.on('uncaughtException', uncaught);
  target.on('unhandledRejection', rejection);
  if (logWarnings) target.on('warning', warning);
  let active = true;
  const guards: ProcessGuards = {
    statistics,
    uninstall() {
      if (!active) return;
      active = false;
      target.off('uncaughtException', uncaught);
      target.off('unhandledRejection', rejection);
      if (logWarnings) target.off('warning', warning);
      alerts?.close();
      installed.delete(target);
    },
  };
  installed.set(target, guards);
  return guards;
}
