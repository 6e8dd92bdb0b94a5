import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { MemoryAlertSink } from '../alerts/MemoryAlertSink.js';
import type { LogLevel } from '../logger/LogLevel.js';
import { installProcessGuards, type ProcessGuards } from './installProcessGuards.js';

class FakeLogger {
  readonly lines: { level: LogLevel; message: string; meta: Record<string, unknown> }[] = [];
  flushes = 0;
  log(level: LogLevel, message: string, meta: Readonly<Record<string, unknown>> = {}): void {
    this.lines.push({ level, message, meta: { ...meta } });
  }
  async flush(): Promise<boolean> {
    this.flushes++;
    return true;
  }
}

const installed: ProcessGuards[] = [];
function install(...args: Parameters<typeof installProcessGuards>): ProcessGuards {
  const guards = installProcessGuards(...args);
  installed.push(guards);
  return guards;
}

afterEach(() => {
  for (const guards of installed.splice(0)) guards.uninstall();
});

describe('installProcessGuards', () => {
  it('logs an uncaught exception, flushes the logger, then exits with code 1', async () => {
    const proc = new EventEmitter();
    const logger = new FakeLogger();
    const exit = jest.fn<(code: number) => void>();
    install({ logger, exit, process: proc });
    proc.emit('uncaughtException', new TypeError('x is undefined'), 'uncaughtException');
    await new Promise((resolve) => setImmediate(resolve));
    expect(logger.lines[0]).toMatchObject({
      level: 'error',
      message: 'uncaught exception',
      meta: { origin: 'uncaughtException' },
    });
    expect(logger.flushes).toBe(1);
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('exits once even when several exceptions arrive while flushing', async () => {
    const proc = new EventEmitter();
    const exit = jest.fn<(code: number) => void>();
    const logger = new FakeLogger();
    install({ logger, exit, process: proc });
    proc.emit('uncaughtException', new Error('a'));
    proc.emit('uncaughtException', new Error('b'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(exit).toHaveBeenCalledTimes(1);
    expect(logger.lines).toHaveLength(2);
  });

  it('exits even when the flush never settles', async () => {
    jest.useFakeTimers();
    try {
      const proc = new EventEmitter();
      const exit = jest.fn<(code: number) => void>();
      const logger = Object.assign(new FakeLogger(), {
        flush: () => new Promise<boolean>(() => undefined),
      });
      install({ logger, exit, process: proc, flushTimeoutMs: 1_000 });
      proc.emit('uncaughtException', new Error('x'));
      await jest.advanceTimersByTimeAsync(1_499);
      expect(exit).not.toHaveBeenCalled();
      await jest.advanceTimersByTimeAsync(1);
      expect(exit).toHaveBeenCalledWith(1);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps running on unhandled rejections by default and logs them', async () => {
    const proc = new EventEmitter();
    const exit = jest.fn<(code: number) => void>();
    const logger = new FakeLogger();
    const guards = install({ logger, exit, process: proc });
    proc.emit('unhandledRejection', new Error('forgot to await'), Promise.resolve());
    await new Promise((resolve) => setImmediate(resolve));
    expect(exit).not.toHaveBeenCalled();
    expect(logger.lines[0]).toMatchObject({ level: 'error', message: 'unhandled rejection' });
    expect(guards.statistics.rejections).toBe(1);
  });

  it('applies a custom uncaught policy and logs warnings', () => {
    const proc = new EventEmitter();
    const seen: unknown[] = [];
    const logger = new FakeLogger();
    install({
      logger,
      process: proc,
      onUncaught: (error) => seen.push(error),
      exit: () => undefined,
    });
    const error = new Error('handled by app');
    proc.emit('uncaughtException', error);
    proc.emit(
      'warning',
      Object.assign(new Error('too many listeners'), { name: 'MaxListenersExceededWarning' }),
    );
    expect(seen).toEqual([error]);
    expect(logger.lines[1]).toMatchObject({
      level: 'warn',
      meta: { warning: { name: 'MaxListenersExceededWarning' } },
    });
  });

  it('survives a logger that throws', async () => {
    const proc = new EventEmitter();
    const exit = jest.fn<(code: number) => void>();
    const logger = {
      log() {
        throw new Error('logger broken');
      },
      flush: () => Promise.reject(new Error('flush broken')),
    };
    const guards = install({ logger, exit, process: proc });
    expect(() => proc.emit('uncaughtException', new Error('x'))).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(exit).toHaveBeenCalledWith(1);
    expect(guards.statistics.handlerErrors).toBe(1);
  });

  it('feeds deduplicated alerts', () => {
    const proc = new EventEmitter();
    const alertSink = new MemoryAlertSink();
    install({ logger: new FakeLogger(), alertSink, process: proc, onRejection: 'keep-running' });
    for (let i = 0; i < 5; i++)
      proc.emit(
        'unhandledRejection',
        Object.assign(new Error(`socket ${i} reset`), { code: 'ECONNRESET' }),
      );
    expect(alertSink.alerts).toEqual([
      expect.objectContaining({ source: 'process', code: 'ECONNRESET', count: 1 }),
    ]);
  });

  it('is idempotent per process and fully uninstallable', () => {
    const proc = new EventEmitter();
    const logger = new FakeLogger();
    const first = install({ logger, process: proc, exit: () => undefined });
    const second = install({ logger, process: proc, exit: () => undefined });
    expect(second).toBe(first);
    expect(proc.listenerCount('uncaughtException')).toBe(1);
    first.uninstall();
    first.uninstall();
    expect(proc.listenerCount('uncaughtException')).toBe(0);
    expect(proc.listenerCount('unhandledRejection')).toBe(0);
    expect(proc.listenerCount('warning')).toBe(0);
    expect(install({ logger, process: proc, exit: () => undefined })).not.toBe(first);
  });

  it('installs on the real process and removes its listeners again', () => {
    const before = process.listenerCount('unhandledRejection');
    const guards = install({ logger: new FakeLogger(), exit: () => undefined });
    expect(process.listenerCount('unhandledRejection')).toBe(before + 1);
    guards.uninstall();
    expect(process.listenerCount('unhandledRejection')).toBe(before);
  });

  it('rejects bad options', () => {
    expect(() => installProcessGuards({ logger: {} as never })).toThrow(/option "logger"/);
    expect(() =>
      installProcessGuards({
        logger: new FakeLogger(),
        onUncaught: 'ignore' as never,
        process: new EventEmitter(),
      }),
    ).toThrow(/onUncaught/);
  });
});
