import { describe, expect, it, jest } from '@jest/globals';
import { ConfigError, createRuntime, protect, type Runtime, weave } from '@ballast/core';
import { Fallback, fallback } from './Fallback.js';
import { fallbackStatistics } from './FallbackStatistics.js';
import { eachTestRuntime } from '../../test/eachTestRuntime.js';

class NotFound extends Error {}

describe('Fallback', () => {
  let runtime: Runtime;
  eachTestRuntime((fresh) => (runtime = fresh));

  it('serves a fixed value instead of the failure', async () => {
    const fn = protect(
      async (): Promise<string[]> => {
        throw new Error('down');
      },
      [fallback({ value: [] })],
      { runtime, name: 'list' },
    );
    await expect(fn()).resolves.toEqual([]);
    expect(fallbackStatistics(runtime).get('list')).toMatchObject({
      fallbacks: 1,
      lastKnownGood: 0,
    });
  });

  it('serves undefined when value: undefined is given explicitly', async () => {
    const fn = protect(
      async (): Promise<string | undefined> => {
        throw new Error('down');
      },
      [fallback({ value: undefined })],
      { runtime },
    );
    await expect(fn()).resolves.toBeUndefined();
  });

  it('calls a handler with the final error and the arguments', async () => {
    const error = new Error('down');
    const handler = jest.fn(
      (e: unknown, args: readonly unknown[]) => `${(e as Error).message}:${args.join(',')}`,
    );
    const fn = protect(
      async (_a: number, _b: number): Promise<string> => {
        throw error;
      },
      [fallback({ handler })],
      { runtime },
    );
    await expect(fn(1, 2)).resolves.toBe('down:1,2');
    expect(handler).toHaveBeenCalledWith(error, [1, 2]);
  });

  it('waits for an async handler', async () => {
    const fn = protect(
      async (): Promise<string> => {
        throw new Error('down');
      },
      [fallback({ handler: async () => 'from cache' })],
      { runtime },
    );
    await expect(fn()).resolves.toBe('from cache');
  });

  it('works around synchronous methods synchronously', () => {
    const fn = protect(
      (): number => {
        throw new Error('sync');
      },
      [fallback({ value: 7 })],
      { runtime },
    );
    expect(fn()).toBe(7);
  });

  it('calls another method of the same class with the arguments plus the error', async () => {
    class Quotes {
      readonly cache = new Map([['EUR', 1.1]]);
      @Fallback({ method: 'cached' })
      async latest(symbol: string): Promise<number> {
        throw new Error(`feed down for ${symbol}`);
      }
      cached(symbol: string, error: Error): number {
        return (this.cache.get(symbol) ?? 0) + (error.message.includes(symbol) ? 0 : 1000);
      }
    }
    await expect(weave(new Quotes(), runtime).latest('EUR')).resolves.toBe(1.1);
  });

  it('refuses at weave time a method name that is not a method of the class', () => {
    class Broken {
      @Fallback({ method: 'missing' })
      async get(): Promise<number> {
        return 1;
      }
    }
    expect(() => weave(new Broken(), runtime)).toThrow(ConfigError);
    expect(() => weave(new Broken(), createRuntime())).toThrow(
      /"missing", which is not a method of Broken/,
    );
    expect(() => protect(async () => 1, [fallback({ method: 'x' })], { runtime })).toThrow(
      /needs a class method/,
    );
  });

  it('only replaces errors the on matcher accepts', async () => {
    const fn = protect(
      async (key: string): Promise<string> => {
        throw key === 'missing' ? new NotFound(key) : new Error('down');
      },
      [fallback({ value: 'default', on: NotFound })],
      { runtime },
    );
    await expect(fn('missing')).resolves.toBe('default');
    await expect(fn('other')).rejects.toThrow('down');
  });

  it('never hides configuration errors behind a value', async () => {
    const fn = protect(
      async () => {
        throw new ConfigError('bad config');
      },
      [fallback({ value: 1 })],
      { runtime },
    );
    await expect(fn()).rejects.toMatchObject({ code: 'BALLAST_ERR_CONFIG' });
  });

  it('serves the last good result for the same arguments within maxAge', async () => {
    let down = false;
    const fn = protect(
      async (user: string) => {
        if (down) throw new Error('db down');
        return `notes of ${user}`;
      },
      [fallback({ lastKnownGood: { maxAge: 60_000 } })],
      { runtime, name: 'notes' },
    );
    await fn('ann');
    down = true;
    await expect(fn('ann')).resolves.toBe('notes of ann');
    await expect(fn('bob')).rejects.toThrow('db down');
    jest.advanceTimersByTime(60_001);
    await expect(fn('ann')).rejects.toThrow('db down');
    expect(fallbackStatistics(runtime).get('notes')).toMatchObject({
      fallbacks: 1,
      lastKnownGood: 1,
    });
  });

  it('falls back to the value when last-known-good has nothing fresh', async () => {
    const fn = protect(
      async (_id: number): Promise<string> => {
        throw new Error('down');
      },
      [fallback({ lastKnownGood: true, value: 'empty' })],
      { runtime },
    );
    await expect(fn(1)).resolves.toBe('empty');
  });

  it('keeps at most maxEntries remembered results, dropping the least recently used', async () => {
    let down = false;
    const fn = protect(
      async (id: number) => {
        if (down) throw new Error('down');
        return id;
      },
      [fallback({ lastKnownGood: { maxEntries: 2 }, value: -1 })],
      { runtime },
    );
    await fn(1);
    await fn(2);
    await fn(1);
    await fn(3);
    down = true;
    expect([await fn(1), await fn(2), await fn(3)]).toEqual([1, -1, 3]);
  });

  it('uses a custom key and skips arguments without a JSON form', async () => {
    let down = false;
    const fn = protect(
      async (req: { user: string; at: number }) => {
        if (down) throw new Error('down');
        return req.at;
      },
      [fallback({ lastKnownGood: { key: ([req]) => (req as { user: string }).user } })],
      { runtime },
    );
    await fn({ user: 'ann', at: 1 });
    down = true;
    await expect(fn({ user: 'ann', at: 2 })).resolves.toBe(1);
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    const plain = protect(
      async (_x: unknown) => {
        throw new Error('down');
      },
      [fallback({ lastKnownGood: true })],
      { runtime },
    );
    await expect(plain(cyclic)).rejects.toThrow('down');
  });

  it('emits fallback.served with its source', async () => {
    const sources: string[] = [];
    runtime.events.on('fallback.served', (e) => sources.push(e.source));
    const fn = protect(
      async () => {
        throw new Error('x');
      },
      [fallback({ handler: () => 1 })],
      { runtime },
    );
    await fn();
    expect(sources).toEqual(['handler']);
  });

  it('rejects bad options with BALLAST_ERR_CONFIG naming the option', () => {
    const bad: [unknown, RegExp][] = [
      [undefined, /set one of value, handler, method or lastKnownGood/],
      [{}, /set one of value, handler, method or lastKnownGood/],
      [{ value: 1, handler: () => 2 }, /use one of value, handler or method/],
      [{ handler: 'x' }, /"handler" must be a function/],
      [{ method: '' }, /"method" must be a non-empty string/],
      [{ value: 1, on: 5 }, /"on" must be an Error class/],
      [{ lastKnownGood: { maxAge: -1 } }, /lastKnownGood: option "maxAge"/],
      [{ lastKnownGood: { maxEntries: 0 } }, /"maxEntries"/],
      [{ lastKnownGood: { ttl: 5 } }, /unknown option "ttl"/],
      [{ fallback: 1 }, /unknown option "fallback"/],
    ];
    for (const [input, message] of bad) {
      const attempt = (): unknown => Fallback(input as never);
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(message);
    }
  });
});
