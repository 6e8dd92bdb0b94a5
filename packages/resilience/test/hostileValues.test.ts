import { describe, expect, it, jest } from '@jest/globals';
import { protect, type Runtime } from '@ballast/core';
import {
  breakerStatistics,
  bulkhead,
  cache,
  cacheStatistics,
  circuitBreaker,
  ConstantBackoff,
  fallback,
  fallbackStatistics,
  guard,
  hedge,
  rateLimit,
  retry,
  retryStatistics,
  timeout,
} from '@ballast/resilience';
import { eachTestRuntime } from './eachTestRuntime.js';
import { rejectionAfter } from './outcomes.js';

/**
 * Throws on every reflective operation: property reads, `instanceof`, `in`, key listing; with
 * `prototype: false`, reading its prototype (so `instanceof`) still works.
 */
function trapEverything({ prototype = true } = {}): object {
  const trap = (): never => {
    throw new Error('a trap');
  };
  return new Proxy(
    {},
    {
      get: trap,
      has: trap,
      ownKeys: trap,
      getOwnPropertyDescriptor: trap,
      ...(prototype ? { getPrototypeOf: trap } : {}),
    },
  );
}

/** Throws on reading any key it does not hold, as strict configuration proxies do. */
function strictProxy(): object {
  const held: Record<string, unknown> = { id: 7 };
  return new Proxy(held, {
    get(target, key) {
      if (typeof key === 'string' && key in target) return target[key];
      throw new Error(`unknown key ${String(key)}`);
    },
  });
}

function throwingGetter(name: string): Error {
  return Object.defineProperty(new Error('down'), name, {
    get() {
      throw new Error(`${name} getter`);
    },
  });
}

// What a dependency throws is not ours to trust: a property read that throws while an aspect
// classifies the failure must not replace it (the caller would see the getter's error), stop
// the retries, skip the breaker's count or the fallback.
const HOSTILE: readonly (readonly [string, () => unknown])[] = [
  ['a proxy whose every trap throws', trapEverything],
  ['an error whose code getter throws', () => throwingGetter('code')],
  ['an error whose retryAfterMs getter throws', () => throwingGetter('retryAfterMs')],
  ['an error whose cause getter throws', () => throwingGetter('cause')],
];

describe('errors whose properties throw when read', () => {
  let runtime: Runtime;
  eachTestRuntime((fresh) => (runtime = fresh));

  it.each(HOSTILE)(
    '%s: retried, counted by the breaker and handed to the caller unchanged',
    async (_name, make) => {
      const thrown = make();
      let attempts = 0;
      const call = protect(
        async () => {
          attempts++;
          throw thrown;
        },
        [
          retry({ name: 'hostile', maxAttempts: 3, backoff: () => 10, giveUp: 'rethrow' }),
          circuitBreaker({ name: 'hostile' }),
          timeout(1_000),
          bulkhead(2),
        ],
        { runtime, name: 'hostile' },
      );
      const { error } = await rejectionAfter(call(), 100);
      expect(error === thrown).toBe(true);
      expect(attempts).toBe(3);
      expect(breakerStatistics(runtime).get('hostile')?.calls.failed).toBe(3);
      expect(retryStatistics(runtime).get('hostile')?.failedWithRetry).toBe(1);
    },
  );

  it.each(HOSTILE)('%s: a fallback still serves its value', async (_name, make) => {
    const thrown = make();
    const call = protect(
      async (): Promise<string> => {
        throw thrown;
      },
      [
        fallback({ value: 'served' }),
        cache({ ttlMs: 1_000 }),
        hedge({ idempotent: true, delayMs: 5 }),
      ],
      { runtime, name: 'hostileFallback' },
    );
    const outcome = call();
    await jest.advanceTimersByTimeAsync(10);
    expect(await outcome).toBe('served');
  });
});

// A synchronous method may return any value; the aspects ask whether it is a promise by reading
// its `then`, and must take a read that throws for "not a promise", as the unwoven call would
// hand the value back.
// The strict proxy can be sized and cached, so the second call is a cache hit; the other cannot
// be walked, so the cache keeps nothing (a store error on each call) and each call runs. (A
// proxy whose getPrototypeOf trap throws is left out: the kernel's `instanceof` check on every
// result lets that throw out; guarding it cost 3-6 % of a woven call.)
const HOSTILE_RESULTS: readonly (readonly [string, () => object, number, number])[] = [
  // name, value, method calls, cache store errors
  ['a proxy refusing unknown keys', strictProxy, 1, 0],
  ['a proxy whose every read throws', () => trapEverything({ prototype: false }), 2, 2],
];

describe('sync results whose properties throw when read', () => {
  let runtime: Runtime;
  eachTestRuntime((fresh) => (runtime = fresh));

  it.each(HOSTILE_RESULTS)(
    '%s: handed back through every aspect a sync method allows',
    (_name, make, methodCalls, storeErrors) => {
      const value = make();
      let calls = 0;
      const call = protect(
        () => {
          calls++;
          return value;
        },
        [
          fallback({ name: 'results', value: 'fallback' }),
          retry({ name: 'results', backoff: new ConstantBackoff(0) }),
          circuitBreaker({ name: 'results' }),
          rateLimit({ rate: 100, interval: 1_000 }),
          guard({ result: 'nonNull' }),
          cache({ ttlMs: 1_000 }),
        ],
        { runtime, name: 'results' },
      );
      expect(call() === value).toBe(true);
      expect(call() === value).toBe(true);
      expect(calls).toBe(methodCalls);
      expect(cacheStatistics(runtime).get('results')?.storeErrors).toBe(storeErrors);
      expect(breakerStatistics(runtime).get('results')?.calls.successful).toBe(methodCalls);
      expect(retryStatistics(runtime).get('results')?.successfulWithoutRetry).toBe(methodCalls);
      expect(fallbackStatistics(runtime).get('results')?.fallbacks ?? 0).toBe(0);
    },
  );

  it.each(HOSTILE_RESULTS)('%s: a half-open probe returning it closes the breaker', (_n, make) => {
    const value = make();
    let fail = true;
    const call = protect(
      () => {
        if (fail) throw new Error('down');
        return value;
      },
      [
        circuitBreaker({
          name: 'probe',
          window: 'consecutive',
          consecutiveFailures: 1,
          halfOpenProbes: 1,
        }),
      ],
      { runtime, name: 'probe' },
    );
    expect(() => call()).toThrow('down');
    expect(breakerStatistics(runtime).get('probe')?.state).toBe('OPEN');
    jest.advanceTimersByTime(60_000);
    fail = false;
    expect(call() === value).toBe(true);
    expect(breakerStatistics(runtime).get('probe')?.state).toBe('CLOSED');
  });
});
