import { describe, expect, it, jest } from '@jest/globals';
import { protect, type Runtime } from '@ballast/core';
import {
  breakerStatistics,
  bulkhead,
  cache,
  circuitBreaker,
  fallback,
  hedge,
  retry,
  retryStatistics,
  timeout,
} from '@ballast/resilience';
import { eachTestRuntime } from './eachTestRuntime.js';
import { rejectionAfter } from './outcomes.js';

/** Throws on every reflective operation: property reads, `instanceof`, `in`, key listing. */
function trapEverything(): object {
  const trap = (): never => {
    throw new Error('a trap');
  };
  return new Proxy(
    {},
    { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap },
  );
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
