import { isRuntime, OptionsReader } from '@ballast/core';
import type { Writable } from 'node:stream';
import { winstonBackend } from '../backend/winstonBackend.js';
import { Redaction, type RedactionOptions } from '../redact/Redaction.js';
import { FileSink } from '../sinks/FileSink.js';
import type { LogSink } from '../sinks/LogSink.js';
import type { RotationOptions } from '../sinks/RotationOptions.js';
import { StreamSink } from '../sinks/StreamSink.js';
import { LineFormatter } from './LineFormatter.js';
import type { LogContextProvider } from './LogContextProvider.js';
import { LOG_LEVEL_NAMES, type LogLevel } from './LogLevel.js';
import { LogCounters } from './LogStatistics.js';
import { registerLoggerStatistics } from './loggerRegistry.js';
import { SafeLogger } from './SafeLogger.js';
import type { SafeLoggerOptions } from './SafeLoggerOptions.js';
import { SinkWriter } from './SinkWriter.js';
import { type TimerSource, timerSourceFor } from './TimerSource.js';

const KEYS = [
  'name',
  'file',
  'sink',
  'level',
  'backend',
  'context',
  'defaultMeta',
  'fallbackToStderr',
  'stderr',
  'rotation',
  'queueSize',
  'maxLineChars',
  'recheckMs',
  'writeTimeoutMs',
  'redaction',
  'alerts',
  'runtime',
  'timers',
  'now',
];

function readRotation(input: unknown): RotationOptions {
  const read = new OptionsReader('createSafeLogger: rotation', input, [
    'maxSizeBytes',
    'interval',
    'maxFiles',
  ]);
  const rotation: { maxSizeBytes?: number; interval?: 'hourly' | 'daily'; maxFiles: number } = {
    maxFiles: read.number('maxFiles', 5, { integer: true, min: 0, max: 10_000 }),
  };
  if (read.has('maxSizeBytes'))
    rotation.maxSizeBytes = read.number('maxSizeBytes', 0, { integer: true, min: 1 });
  if (read.has('interval'))
    rotation.interval = read.oneOf('interval', 'daily', ['hourly', 'daily']);
  return rotation;
}

function readRedaction(read: OptionsReader): Redaction {
  const value = read.raw('redaction');
  // Still a copy (the caller may change its objects before the line is formatted), just no masking.
  if (value === false)
    return new Redaction({ redactors: [], maxStringLength: Number.MAX_SAFE_INTEGER });
  if (value instanceof Redaction) return value;
  if (value === undefined || (typeof value === 'object' && value !== null)) {
    return new Redaction(value as RedactionOptions | undefined);
  }
  return read.fail('redaction', 'a Redaction, redaction options or false');
}

function checkShapes(read: OptionsReader, options: SafeLoggerOptions): void {
  const has = (value: unknown, method: string): boolean =>
    typeof (value as Record<string, unknown> | undefined)?.[method] === 'function';
  if (options.sink !== undefined && !(has(options.sink, 'open') && has(options.sink, 'write'))) {
    read.fail('sink', 'a LogSink with open(), write(chunk, done) and close()');
  }
  if (options.stderr !== undefined && !has(options.stderr, 'write'))
    read.fail('stderr', 'a writable stream');
  if (options.backend !== undefined && !has(options.backend, 'format'))
    read.fail('backend', 'a LogBackend such as winstonBackend() or pinoBackend()');
  if (options.alerts !== undefined && !has(options.alerts, 'report'))
    read.fail('alerts', 'an AlertDeduper');
  if (options.timers !== undefined && !has(options.timers, 'schedule'))
    read.fail('timers', 'a TimerSource');
  const meta = options.defaultMeta;
  if (meta !== undefined && (typeof meta !== 'object' || meta === null || Array.isArray(meta))) {
    read.fail('defaultMeta', 'a plain object');
  }
  if (options.file !== undefined && options.sink !== undefined)
    read.fail('sink', 'omitted when file is given');
}

/**
 * Creates a {@link SafeLogger}: a call captures the line (level check, timestamp, context
 * fields, a copy of the metadata) into a bounded queue; off the calling path, batches are
 * redacted, formatted by the backend (winston's formats by default, or pino) and written to a
 * pre-flighted primary sink (file or custom), with stderr then dropping as fallbacks, periodic
 * re-checks, rotation, and every lost line counted. Never throws after validation; a log file
 * that cannot be opened only means a fallback (counted in `statistics().fallbacks`).
 *
 * @example
 * ```ts
 * const logger = createSafeLogger({ file: '/var/log/app/app.log', rotation: { maxSizeBytes: 10_000_000, interval: 'daily', maxFiles: 7 }, runtime });
 * logger.info('started', { port: 8080, token: 'abc' }); // token → [REDACTED]
 * await logger.flush(2_000);
 * ```
 */
export function createSafeLogger(options: SafeLoggerOptions = {}): SafeLogger {
  const read = new OptionsReader('createSafeLogger', options, KEYS);
  const name = read.string('name', 'app');
  const level = read.oneOf<LogLevel>('level', 'info', LOG_LEVEL_NAMES);
  const runtime = options.runtime;
  if (runtime !== undefined && !isRuntime(runtime))
    read.fail('runtime', 'a ballast Runtime (createRuntime())');
  const timers: TimerSource = options.timers ?? timerSourceFor(runtime);
  const now =
    read.func<() => number>('now') ??
    (runtime === undefined ? Date.now : () => runtime.clock.now());
  const context = read.func<LogContextProvider>('context');
  const redaction = readRedaction(read);
  checkShapes(read, options);
  const counters = new LogCounters(name);
  const stderr: Writable = options.stderr ?? process.stderr;
  const fallbackToStderr = read.boolean('fallbackToStderr', true);
  const file = read.has('file') ? read.string('file', '') : undefined;
  const rotation = readRotation(options.rotation);
  let primary: LogSink;
  if (options.sink !== undefined) primary = options.sink;
  else if (file !== undefined)
    primary = new FileSink(file, rotation, now, () => counters.rotations++);
  else primary = new StreamSink(stderr);
  const fallback =
    fallbackToStderr && primary.name !== 'stderr' ? new StreamSink(stderr) : undefined;
  const defaultMeta =
    options.defaultMeta === undefined
      ? undefined
      : Object.freeze(redaction.meta(options.defaultMeta));
  const formatter = new LineFormatter(
    options.backend ?? winstonBackend(),
    redaction,
    defaultMeta,
    read.number('maxLineChars', 65_536, { integer: true, min: 256 }),
    counters,
  );
  const writer = new SinkWriter({
    primary,
    fallback,
    formatter,
    counters,
    timers,
    queueSize: read.number('queueSize', 10_000, { integer: true, min: 1, max: 10_000_000 }),
    batchLines: 512,
    batchChars: 64 * 1024,
    recheckMs: read.number('recheckMs', 30_000, { min: 1 }),
    writeTimeoutMs: read.number('writeTimeoutMs', 10_000, { min: 1 }),
  });
  writer.start();
  const safe = new SafeLogger({
    writer,
    counters,
    redaction,
    level,
    now,
    context,
    alerts: options.alerts,
    timers,
  });
  if (runtime !== undefined) {
    registerLoggerStatistics(runtime, counters);
    runtime.onDispose(() => safe.close());
  }
  return safe;
}
