import { describe, expect, it, jest } from '@jest/globals';
import { AspectOrder, currentRequestId, type Runtime, runInContext, weave } from '@ballast/core';
import {
  breakerStatistics,
  CircuitBreaker,
  ConstantBackoff,
  Retry,
  Timeout,
  TimeoutError,
} from '@ballast/resilience';
import { eachTestRuntime } from './eachTestRuntime.js';

/**
 * An aggressive timeout ends its caller's wait at the deadline: the aspects outside it see the
 * `TimeoutError` at once, in the caller's async context; the aspects inside it still see what
 * the method does when it settles.
 */
describe('an aggressive timeout between other aspects', () => {
  let runtime: Runtime;
  eachTestRuntime((fresh) => (runtime = fresh));

  it('rejects at the deadline while a breaker inside it counts the late success, not the timeout', async () => {
    let finish: (value: string) => void = () => undefined;
    class Slow {
      @AspectOrder('Timeout', 'CircuitBreaker')
      @Timeout(1_000)
      @CircuitBreaker({ name: 'inner-breaker' })
      async get(): Promise<string> {
        return new Promise((resolve) => (finish = resolve));
      }
    }
    const slow = weave(new Slow(), runtime);
    let outcome: unknown = 'pending';
    slow.get().then(
      (value) => (outcome = value),
      (error: unknown) => (outcome = error),
    );
    await jest.advanceTimersByTimeAsync(1_000);
    expect(outcome).toBeInstanceOf(TimeoutError);
    expect(breakerStatistics(runtime).get('inner-breaker')?.calls).toMatchObject({
      successful: 0,
      failed: 0,
    });

    finish('late');
    await jest.advanceTimersByTimeAsync(0);
    expect(outcome).toBeInstanceOf(TimeoutError);
    expect(breakerStatistics(runtime).get('inner-breaker')?.calls).toMatchObject({
      successful: 1,
      failed: 0,
    });
  });

  it("retries after a deadline in the caller's call context, and a breaker outside counts the timeout", async () => {
    const seen: (string | undefined)[] = [];
    class Flaky {
      @Retry({ maxAttempts: 2, backoff: new ConstantBackoff(100) })
      @CircuitBreaker({ name: 'outer-breaker' })
      @Timeout(1_000)
      async get(): Promise<string> {
        seen.push(currentRequestId());
        if (seen.length === 1) return new Promise(() => {});
        return 'second';
      }
    }
    const flaky = weave(new Flaky(), runtime);
    const result = runInContext({ requestId: 'req-7' }, () => flaky.get());
    await jest.advanceTimersByTimeAsync(1_100);
    await expect(result).resolves.toBe('second');
    expect(seen).toEqual(['req-7', 'req-7']);
    expect(breakerStatistics(runtime).get('outer-breaker')?.calls).toMatchObject({
      successful: 1,
      failed: 1,
    });
  });
});
