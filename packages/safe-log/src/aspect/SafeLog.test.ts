import 'reflect-metadata';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  ConfigError,
  createDecorator,
  createRuntime,
  defineAspect,
  protect,
  runInContext,
  type Runtime,
  weave,
} from '@ballast/core';
import { Container, injectable } from 'inversify';
import { ManualClock } from '@ballast/testing';
import { SwitchableSink } from '../../test/testSinks.js';
import { createSafeLogger } from '../logger/createSafeLogger.js';
import { safeLoggerStatistics } from '../logger/loggerRegistry.js';
import type { LogLevel } from '../logger/LogLevel.js';
import type { LogWriter } from '../logger/LogWriter.js';
import { callStatistics, DURATION_BUCKETS_SECONDS } from './CallStatistics.js';
import { SafeLog, safeLog } from './SafeLog.js';
import { setSafeLogLogger } from './setSafeLogLogger.js';

interface Line {
  level: LogLevel;
  message: string;
  meta: Record<string, unknown>;
}

class MemoryLog implements LogWriter {
  readonly lines: Line[] = [];
  log(level: LogLevel, message: string, meta: Readonly<Record<string, unknown>> = {}): void {
    this.lines.push({ level, message, meta: { ...meta } });
  }
}

// A minimal stand-in for @Retry (precedence 400, inside SafeLog): retries once on failure.
const RetryOnce = createDecorator(
  defineAspect<undefined, undefined>({
    name: 'TestRetryOnce',
    precedence: 400,
    supportsSync: false,
    validate: () => undefined,
    create: () => async (invocation, next) => {
      try {
        return await next(invocation);
      } catch {
        invocation.attempt++;
        return next(invocation);
      }
    },
  }),
);

class TimeoutLikeError extends Error {
  readonly code = 'BALLAST_ERR_TIMEOUT';
}

const log = new MemoryLog();
let clock: ManualClock;
let runtime: Runtime;

@injectable()
class Catalog {
  failuresLeft = 0;

  @SafeLog({ logger: log, logArgs: true, logResult: true })
  async find(id: string, options: { apiKey: string }): Promise<{ id: string; token: string }> {
    clock.advance(30);
    if (this.failuresLeft-- > 0) throw new Error(`catalog down for ${id} ${options.apiKey}`);
    return { id, token: 'sk_live_abcdefghijklmnop' };
  }

  @SafeLog({ logger: log })
  @RetryOnce()
  async flaky(): Promise<string> {
    if (this.failuresLeft-- > 0) throw new Error('first try fails');
    return 'ok';
  }

  @SafeLog({ logger: log, slowMs: 100 })
  price(amount: number): number {
    clock.advance(Math.max(0, amount));
    if (amount < 0) throw new RangeError('negative');
    return amount * 2;
  }

  @SafeLog({ logger: log })
  async slowDependency(): Promise<never> {
    throw new TimeoutLikeError('timed out after 50 ms');
  }

  @SafeLog({ logger: log, swallow: true, defaultValue: [] })
  async recommendations(): Promise<string[]> {
    throw new Error('recommender offline');
  }

  @SafeLog({ logger: log, swallow: true, defaultValue: 0 })
  badgeCount(): number {
    throw new Error('badge service offline');
  }

  @SafeLog({ logger: log, successLevel: 'off' })
  quiet(): string {
    return 'shh';
  }

  @SafeLog({ logger: log, expected: ['BALLAST_ERR_STORE_VERSION_CONFLICT'] })
  async update(code: string): Promise<never> {
    throw Object.assign(new Error('version moved'), { code });
  }

  @SafeLog()
  usesDefaultLogger(): string {
    return 'default';
  }
}

beforeEach(() => {
  log.lines.length = 0;
  clock = new ManualClock();
  runtime = createRuntime({ clock });
});

afterEach(() => runtime.dispose());

describe('SafeLog', () => {
  it('writes one structured line per async call with duration, attempts and request id', async () => {
    const catalog = weave(new Catalog(), runtime);
    const result = await runInContext({ requestId: 'req-7' }, () =>
      catalog.find('a1', { apiKey: 'k-123' }),
    );
    expect(result).toEqual({ id: 'a1', token: 'sk_live_abcdefghijklmnop' }); // result untouched
    expect(log.lines).toEqual([
      {
        level: 'info',
        message: 'Catalog.find success',
        meta: {
          service: 'Catalog',
          method: 'find',
          outcome: 'success',
          durationMs: 30,
          attempts: 1,
          requestId: 'req-7',
          args: ['a1', { apiKey: '[REDACTED]' }],
          result: { id: 'a1', token: '[REDACTED]' },
        },
      },
    ]);
  });

  it('rethrows the very same error and logs it at error level', async () => {
    const catalog = weave(new Catalog(), runtime);
    catalog.failuresLeft = 1;
    const failure = await catalog.find('a1', { apiKey: 'k' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe('catalog down for a1 k');
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatchObject({
      level: 'error',
      message: 'Catalog.find error',
      meta: { outcome: 'error', error: { message: 'catalog down for a1 k' } },
    });
  });

  it('logs expected failures at expectedLevel, rethrows them and still counts them as errors', async () => {
    const catalog = weave(new Catalog(), runtime);
    await expect(catalog.update('BALLAST_ERR_STORE_VERSION_CONFLICT')).rejects.toThrow(
      'version moved',
    );
    await expect(catalog.update('BALLAST_ERR_STORE_IO')).rejects.toThrow('version moved');
    expect(log.lines.map((line) => [line.level, line.meta.expected])).toEqual([
      ['info', true],
      ['error', undefined],
    ]);
    const stats = callStatistics(runtime).find((s) => s.method === 'update');
    expect(stats?.calls.error).toBe(2);
  });

  it('reports the attempts made by a retry aspect inside it', async () => {
    const catalog = weave(new Catalog(), runtime);
    catalog.failuresLeft = 1;
    await expect(catalog.flaky()).resolves.toBe('ok');
    expect(log.lines.map((line) => line.meta.attempts)).toEqual([2]);
  });

  it('keeps sync methods sync and warns on slow calls', () => {
    const catalog = weave(new Catalog(), runtime);
    expect(catalog.price(5)).toBe(10);
    expect(catalog.price(150)).toBe(300);
    expect(log.lines.map((line) => [line.level, line.meta.slow])).toEqual([
      ['info', undefined],
      ['warn', true],
    ]);
    expect(() => catalog.price(-1)).toThrow(RangeError);
    expect(log.lines[2]).toMatchObject({
      level: 'error',
      meta: { outcome: 'error', error: { name: 'RangeError' } },
    });
  });

  it('warns on timeouts (BALLAST_ERR_TIMEOUT) and counts them apart from errors', async () => {
    const catalog = weave(new Catalog(), runtime);
    await expect(catalog.slowDependency()).rejects.toBeInstanceOf(TimeoutLikeError);
    expect(log.lines[0]).toMatchObject({
      level: 'warn',
      message: 'Catalog.slowDependency timeout',
      meta: { outcome: 'timeout', errorCode: 'BALLAST_ERR_TIMEOUT', timeout: true },
    });
  });

  it('swallows failures of non-critical methods, sync and async, returning the default', async () => {
    const catalog = weave(new Catalog(), runtime);
    await expect(catalog.recommendations()).resolves.toEqual([]);
    expect(catalog.badgeCount()).toBe(0);
    expect(log.lines.map((line) => [line.level, line.meta.outcome])).toEqual([
      ['error', 'swallowed'],
      ['error', 'swallowed'],
    ]);
  });

  it('writes no line for successes when successLevel is off but still counts them', () => {
    const catalog = weave(new Catalog(), runtime);
    expect(catalog.quiet()).toBe('shh');
    expect(log.lines).toEqual([]);
    expect(callStatistics(runtime).find((s) => s.method === 'quiet')?.calls.success).toBe(1);
  });

  it('builds no line for a level the logger rejects', () => {
    const quietLogger = Object.assign(new MemoryLog(), {
      isLevelEnabled: (level: LogLevel) => level === 'error',
    });
    const fn = protect((x: number) => x, [safeLog({ logger: quietLogger, logArgs: true })], {
      runtime,
      name: 'id',
    });
    expect(fn(1)).toBe(1);
    expect(quietLogger.lines).toEqual([]);
  });

  it('does no redaction work for lines the logger rejects, on success and on expected failure', async () => {
    let reads = 0;
    const watched = (): object =>
      Object.defineProperty({}, 'field', {
        enumerable: true,
        get: () => ++reads,
      });
    const errorsOnly = Object.assign(new MemoryLog(), {
      isLevelEnabled: (level: LogLevel) => level === 'error',
    });
    const use = safeLog({
      logger: errorsOnly,
      logArgs: true,
      logResult: true,
      expected: ['E_CONFLICT'],
    });
    const fn = protect((arg: object) => arg, [use], { runtime, name: 'echo' });
    const conflict = protect(
      async (_arg: object) => {
        throw Object.defineProperty(
          Object.assign(new Error('moved'), { code: 'E_CONFLICT' }),
          'field',
          {
            enumerable: true,
            get: () => ++reads,
          },
        );
      },
      [use],
      { runtime, name: 'conflict' },
    );
    fn(watched());
    await expect(conflict(watched())).rejects.toThrow('moved');
    expect(reads).toBe(0);
    expect(errorsOnly.lines).toEqual([]);
  });

  it('never lets a throwing logger break the call', async () => {
    const throwing: LogWriter = {
      log() {
        throw new Error('disk on fire');
      },
    };
    const fn = protect(async (x: number) => x + 1, [safeLog({ logger: throwing })], {
      runtime,
      name: 'inc',
    });
    await expect(fn(1)).resolves.toBe(2);
  });

  it('writes to the runtime default logger set with setSafeLogLogger', () => {
    const other = new MemoryLog();
    setSafeLogLogger(runtime, other);
    const catalog = weave(new Catalog(), runtime);
    expect(catalog.usesDefaultLogger()).toBe('default');
    expect(other.lines.map((line) => line.message)).toEqual(['Catalog.usesDefaultLogger success']);
    expect(() => setSafeLogLogger(runtime, {} as never)).toThrow(ConfigError);
  });

  it('lists a safe logger set as default among the runtime logger statistics', async () => {
    const sink = new SwitchableSink();
    sink.healthy = true;
    const logger = createSafeLogger({ name: 'shared', sink });
    setSafeLogLogger(runtime, logger);
    weave(new Catalog(), runtime).usesDefaultLogger();
    await logger.idle();
    expect(safeLoggerStatistics(runtime)).toEqual([
      expect.objectContaining({ name: 'shared', written: 1 }),
    ]);
    logger.close();
  });

  it('keeps per-method statistics with a fixed-bucket duration histogram', async () => {
    const catalog = weave(new Catalog(), runtime);
    catalog.price(3); // 3 ms → first bucket
    catalog.price(30); // 30 ms → (0.025, 0.05]
    catalog.price(20_000); // 20 s → +Inf
    expect(() => catalog.price(-1)).toThrow();
    await catalog.slowDependency().catch(() => undefined);
    await catalog.recommendations();
    const price = callStatistics(runtime).find((s) => s.method === 'price')!;
    expect(price.service).toBe('Catalog');
    expect(price.calls).toEqual({ success: 3, error: 1, timeout: 0, swallowed: 0 });
    expect(price.duration.bounds).toBe(DURATION_BUCKETS_SECONDS);
    expect(price.duration.counts).toEqual([2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(price.duration.count).toBe(4);
    expect(price.duration.sum).toBeCloseTo(20.033, 6);
    const byMethod = Object.fromEntries(callStatistics(runtime).map((s) => [s.method, s.calls]));
    expect(byMethod.slowDependency).toEqual({ success: 0, error: 0, timeout: 1, swallowed: 0 });
    expect(byMethod.recommendations).toEqual({ success: 0, error: 0, timeout: 0, swallowed: 1 });
  });

  it('works in a real inversify container that weaves on activation', async () => {
    const container = new Container();
    container.bind(Catalog).toSelf().inSingletonScope();
    container.onActivation(Catalog, (_context, catalog) => weave(catalog, runtime));
    const catalog = container.get(Catalog);
    await catalog.find('b2', { apiKey: 'k' });
    expect(log.lines.map((line) => line.message)).toEqual(['Catalog.find success']);
  });

  it('caps large args to maxFieldChars', () => {
    const fn = protect(
      (blob: unknown) => blob,
      [safeLog({ logger: log, logArgs: true, maxFieldChars: 100 })],
      { runtime, name: 'echo' },
    );
    fn({ items: Array.from({ length: 500 }, (_, i) => `item-${i}`) });
    expect(log.lines[0]!.meta.args).toMatchObject({ truncated: true });
    expect(JSON.stringify(log.lines[0]!.meta.args).length).toBeLessThan(300);
  });

  it('rejects bad options at decoration', () => {
    expect(() => SafeLog({ slowMs: -1 })).toThrow(/slowMs/);
    expect(() => SafeLog({ defaultValue: 1 })).toThrow(/only together with swallow/);
    expect(() => SafeLog({ logger: {} as never })).toThrow(ConfigError);
    expect(() => safeLog({ verbose: true } as never)).toThrow(/unknown option "verbose"/);
    expect(() => SafeLog({ expected: [''] })).toThrow(
      /"expected" must be a list of error codes or a predicate/,
    );
  });
});
