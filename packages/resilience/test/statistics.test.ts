import { describe, expect, it } from '@jest/globals';
import { createRuntime, protect } from '@ballast/core';
import {
  breakerStatistics,
  bulkhead,
  bulkheadStatistics,
  cache,
  cacheStatistics,
  circuitBreaker,
  fallback,
  fallbackStatistics,
  guard,
  guardStatistics,
  hedge,
  hedgeStatistics,
  rateLimit,
  rateLimitStatistics,
  retry,
  retryStatistics,
  timeout,
  timeoutStatistics,
} from '@ballast/resilience';

describe('statistics readers', () => {
  it('give one shape for all nine aspects: a ReadonlyMap by policy name of counters naming themselves', async () => {
    const runtime = createRuntime();
    const call = protect(
      async () => 'ok',
      [
        guard({ name: 'dep', result: 'nonNull' }),
        fallback({ name: 'dep', value: 'cached' }),
        cache({ name: 'dep' }),
        retry({ name: 'dep' }),
        hedge({ name: 'dep', idempotent: true }),
        circuitBreaker({ name: 'dep' }),
        rateLimit({ name: 'dep', rate: 100 }),
        timeout({ name: 'dep', ms: 1_000 }),
        bulkhead({ name: 'dep' }),
      ],
      { runtime },
    );
    await call();
    const readers = {
      retryStatistics,
      timeoutStatistics,
      fallbackStatistics,
      breakerStatistics,
      bulkheadStatistics,
      rateLimitStatistics,
      guardStatistics,
      cacheStatistics,
      hedgeStatistics,
    };
    for (const [reader, read] of Object.entries(readers)) {
      const statistics = read(runtime);
      expect({ reader, map: statistics instanceof Map, keys: [...statistics.keys()] }).toEqual({
        reader,
        map: true,
        keys: ['dep'],
      });
      expect(statistics.get('dep')).toMatchObject({ name: 'dep', hookErrors: 0 });
    }
    runtime.dispose();
  });
});
