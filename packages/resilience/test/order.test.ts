import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createRuntime, type Runtime, weave } from '@ballast/core';
import {
  breakerStatistics,
  Bulkhead,
  bulkheadStatistics,
  CircuitBreaker,
  ConstantBackoff,
  Fallback,
  RateLimit,
  rateLimitStatistics,
  Retry,
  RetryExhaustedError,
  Timeout,
  timeoutStatistics,
} from '@ballast/resilience';

/**
 * All six aspects written innermost first, the reverse of
 * Fallback ( Retry ( CircuitBreaker ( RateLimit ( Timeout ( Bulkhead ( method )))))).
 * The kernel orders them by precedence, so each test below pins one boundary of that order.
 */
class Remote {
  latency = 0;
  failing = false;
  calls = 0;
  fallbackErrors: unknown[] = [];

  @Bulkhead({ name: 'remote', maxConcurrent: 1, maxQueue: 10 })
  @Timeout(100)
  @RateLimit({ name: 'remote', rate: 1, interval: 100, burst: 3, maxWait: 200 })
  @CircuitBreaker({
    name: 'remote',
    window: 'consecutive',
    consecutiveFailures: 1_000,
    openDuration: 60_000,
  })
  @Retry({ name: 'remote', backoff: new ConstantBackoff(10), budget: false })
  @Fallback({ method: 'offline' })
  async call(): Promise<string> {
    this.calls++;
    if (this.latency > 0) await new Promise((resolve) => setTimeout(resolve, this.latency));
    if (this.failing) throw new Error('down');
    return 'ok';
  }

  offline(error: unknown): string {
    this.fallbackErrors.push(error);
    return 'fallback';
  }
}

function breaker(runtime: Runtime) {
  return breakerStatistics(runtime).get('remote')!;
}

describe('the resilience aspects written in reverse order', () => {
  let runtime: Runtime;
  let remote: Remote;
  beforeEach(() => {
    jest.useFakeTimers();
    runtime = createRuntime();
    remote = weave(new Remote(), runtime);
  });
  afterEach(() => {
    runtime.dispose();
    jest.useRealTimers();
  });

  it('gives the fallback only the final failure, after every attempt passed the breaker', async () => {
    remote.failing = true;
    const result = remote.call();
    await jest.advanceTimersByTimeAsync(100);
    await expect(result).resolves.toBe('fallback');
    expect(remote.calls).toBe(3);
    expect(remote.fallbackErrors).toHaveLength(1);
    expect(remote.fallbackErrors[0]).toBeInstanceOf(RetryExhaustedError);
    expect(remote.fallbackErrors[0]).toMatchObject({ attempts: 3, cause: { message: 'down' } });
    expect(breaker(runtime).calls).toMatchObject({ failed: 3, successful: 0 });
  });

  it('starts the per-attempt timeout only once the rate limit let the attempt through', async () => {
    await Promise.all([remote.call(), remote.call(), remote.call()]); // the burst of 3 tokens
    remote.latency = 60;
    const result = remote.call();
    // About 100 ms waiting for a token, then 60 ms of work: within 100 ms only from the token on.
    await jest.advanceTimersByTimeAsync(1_000);
    await expect(result).resolves.toBe('ok');
    expect([...rateLimitStatistics(runtime).values()][0]!).toMatchObject({
      permitted: 3,
      delayed: 1,
    });
    expect(timeoutStatistics(runtime).get('Remote.call')?.timeouts ?? 0).toBe(0);
    expect(remote.calls).toBe(4);
  });

  it('counts the wait in the bulkhead queue against the timeout of the attempt', async () => {
    remote.latency = 60;
    const first = remote.call();
    const second = remote.call();
    // The second attempt queues for 60 ms, then needs 60 ms more: it times out at 100 ms and
    // its retry, alone in the bulkhead from 120 ms on, succeeds.
    await jest.advanceTimersByTimeAsync(300);
    await expect(first).resolves.toBe('ok');
    await expect(second).resolves.toBe('ok');
    expect(timeoutStatistics(runtime).get('Remote.call')?.timeouts).toBe(1);
    expect([...bulkheadStatistics(runtime).values()][0]!).toMatchObject({ admitted: 3, queued: 2 });
    expect(remote.calls).toBe(3);
  });

  it('shows a rate-limit rejection to the breaker, which ignores it rather than counting a failure', async () => {
    // 3 tokens at once, 2 more within maxWait (100 and 200 ms), the sixth would wait 300 ms.
    const results = Promise.all(Array.from({ length: 6 }, () => remote.call()));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(await results).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect([...rateLimitStatistics(runtime).values()][0]!.rejected).toBe(1);
    expect(breaker(runtime).calls).toMatchObject({ failed: 0, ignored: 1, successful: 6 });
  });
});
