import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import {
  type AspectUse,
  CancelledError,
  createRuntime,
  currentSignal,
  protect,
  type Runtime,
  runInContext,
} from '@ballast/core';
import {
  breakerStatistics,
  bulkhead,
  bulkheadStatistics,
  circuitBreaker,
  ConstantBackoff,
  fallback,
  rateLimit,
  rateLimitStatistics,
  retry,
  retryStatistics,
  timeout,
  timeoutStatistics,
} from '@ballast/resilience';
import { hang, outcomeOf } from './outcomes.js';

const CANCELLED = { code: 'BALLAST_ERR_CANCELLED', name: 'CancelledError' };

describe('caller cancellation', () => {
  let runtime: Runtime;
  let cancelled: unknown[];
  beforeEach(() => {
    jest.useFakeTimers();
    runtime = createRuntime();
    cancelled = [];
    runtime.events.on('call.cancelled', (event) => cancelled.push(event));
  });
  afterEach(() => {
    runtime.dispose();
    jest.useRealTimers();
  });

  it.each<[string, () => AspectUse]>([
    ['Retry', () => retry()],
    ['CircuitBreaker', () => circuitBreaker()],
    ['Timeout', () => timeout(1_000)],
    ['Bulkhead', () => bulkhead(1)],
    ['RateLimit', () => rateLimit({ rate: 1 })],
  ])('never starts the method when the signal is already aborted (%s)', async (aspect, use) => {
    let calls = 0;
    const call = protect(
      async () => {
        calls++;
        return 'ran';
      },
      [use()],
      { runtime, name: 'dep' },
    );
    const controller = new AbortController();
    controller.abort(new Error('client went away'));
    const outcome = await outcomeOf(runInContext({ signal: controller.signal }, () => call()));
    expect(outcome).toMatchObject({ ...CANCELLED, cause: { message: 'client went away' } });
    expect(calls).toBe(0);
    expect(cancelled).toEqual([{ policy: 'dep', aspect }]);
  });

  it('stops a retry: no further attempt, the pending delay cleared, counted as cancelled', async () => {
    let calls = 0;
    const call = protect(
      async () => {
        calls++;
        throw new Error('down');
      },
      [retry({ maxAttempts: 5, backoff: new ConstantBackoff(1_000), budget: false })],
      { runtime, name: 'dep' },
    );
    const controller = new AbortController();
    const outcome = outcomeOf(runInContext({ signal: controller.signal }, () => call()));
    await jest.advanceTimersByTimeAsync(0);
    expect(calls).toBe(1);
    expect(runtime.scheduler.keepingAlive).toBe(true); // the delay a caller awaits
    controller.abort();
    expect(await outcome).toMatchObject({ ...CANCELLED, cause: { name: 'AbortError' } });
    expect(runtime.scheduler.keepingAlive).toBe(false);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(calls).toBe(1);
    expect(retryStatistics(runtime).get('dep')).toMatchObject({
      cancelled: 1,
      failedWithRetry: 0,
      failedWithoutRetry: 0,
    });
  });

  it('stops a retry whose attempt failed after the abort, with the attempt’s error as cause', async () => {
    const controller = new AbortController();
    const call = protect(
      async () => {
        controller.abort();
        throw new Error('failed while cancelled');
      },
      [retry({ backoff: new ConstantBackoff(0), budget: false })],
      { runtime, name: 'dep', signal: controller.signal },
    );
    expect(await outcomeOf(call())).toMatchObject({
      ...CANCELLED,
      cause: { message: 'failed while cancelled' },
    });
  });

  it('lets a bulkhead waiter leave the queue on abort, freeing its place for the next caller', async () => {
    const started: string[] = [];
    const releases: (() => void)[] = [];
    const call = protect(
      async (id: string) => {
        started.push(id);
        return new Promise<string>((resolve) => releases.push(() => resolve(id)));
      },
      [bulkhead({ maxConcurrent: 1, maxQueue: 1, queueTimeout: 60_000 })],
      { runtime, name: 'pool' },
    );
    const running = call('a');
    const controller = new AbortController();
    const leaving = outcomeOf(runInContext({ signal: controller.signal }, () => call('b')));
    expect([...bulkheadStatistics(runtime).values()][0]).toMatchObject({ queueDepth: 1 });
    controller.abort();
    expect(await leaving).toMatchObject(CANCELLED);
    const next = call('c'); // the queue has room again
    releases[0]!();
    await expect(running).resolves.toBe('a');
    await jest.advanceTimersByTimeAsync(0);
    releases[1]!();
    await expect(next).resolves.toBe('c');
    expect(started).toEqual(['a', 'c']);
    expect(bulkheadStatistics(runtime).get('pool')).toMatchObject({
      cancelled: 1,
      queueDepth: 0,
      active: 0,
    });
  });

  it('lets a rate-limit waiter give up on abort and gives its booked token back', async () => {
    const call = protect(
      async (n: number) => n,
      [rateLimit({ rate: 1, interval: 1_000, maxWait: 5_000 })],
      {
        runtime,
        name: 'sms',
      },
    );
    await expect(call(1)).resolves.toBe(1);
    const controller = new AbortController();
    const waiting = outcomeOf(runInContext({ signal: controller.signal }, () => call(2)));
    controller.abort();
    expect(await waiting).toMatchObject(CANCELLED);
    expect(runtime.scheduler.keepingAlive).toBe(false);
    // The token the cancelled call booked (due at 1 s) goes to the next caller, not to 2 s.
    const third = call(3);
    let settled = false;
    void third.then(() => (settled = true));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(settled).toBe(true);
    expect(rateLimitStatistics(runtime).get('sms')).toMatchObject({ cancelled: 1, delayed: 2 });
  });

  it('links the timeout’s signal to the caller’s: the method sees the abort, the caller gets CancelledError at once', async () => {
    let seen: AbortSignal | undefined;
    const call = protect(
      async () => {
        seen = currentSignal();
        return hang();
      },
      [timeout(60_000)],
      { runtime, name: 'slow' },
    );
    const controller = new AbortController();
    const outcome = outcomeOf(runInContext({ signal: controller.signal }, () => call()));
    controller.abort(new Error('shutting down'));
    expect(await outcome).toMatchObject({ ...CANCELLED, cause: { message: 'shutting down' } });
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toMatchObject(CANCELLED);
    expect(timeoutStatistics(runtime).get('slow')).toMatchObject({ cancelled: 1, timeouts: 0 });
    expect(runtime.scheduler.keepingAlive).toBe(false);
  });

  it('waits for a cooperative method and turns its rejection after the abort into CancelledError', async () => {
    const call = protect(
      async () => {
        const signal = currentSignal()!;
        return new Promise<string>((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(new Error('stopped')), { once: true }),
        );
      },
      [timeout({ ms: 60_000, mode: 'cooperative' })],
      { runtime, name: 'slow' },
    );
    const controller = new AbortController();
    const outcome = outcomeOf(runInContext({ signal: controller.signal }, () => call()));
    await jest.advanceTimersByTimeAsync(0);
    controller.abort();
    expect(await outcome).toMatchObject({ ...CANCELLED, cause: { message: 'stopped' } });
  });

  it('never counts a cancelled call as a breaker failure, nor lets a fallback hide it', async () => {
    const call = protect(
      async () => hang(),
      [
        fallback({ value: 'fallback' }),
        circuitBreaker({ window: 'consecutive', consecutiveFailures: 1 }),
        timeout(60_000),
      ],
      { runtime, name: 'dep' },
    );
    for (let i = 0; i < 3; i++) {
      const controller = new AbortController();
      const outcome = outcomeOf(runInContext({ signal: controller.signal }, () => call()));
      controller.abort();
      expect(await outcome).toBeInstanceOf(CancelledError);
    }
    expect(breakerStatistics(runtime).get('dep')).toMatchObject({
      state: 'CLOSED',
      calls: { failed: 0, cancelled: 3 },
    });
    expect(cancelled).toHaveLength(3); // announced once per call, by the timeout
  });

  it('takes the signal from protect() when the call context has none', async () => {
    const controller = new AbortController();
    let calls = 0;
    const call = protect(
      async () => {
        calls++;
        return 'ran';
      },
      [retry()],
      { runtime, signal: controller.signal },
    );
    await expect(call()).resolves.toBe('ran');
    controller.abort();
    await expect(call()).rejects.toMatchObject(CANCELLED);
    expect(calls).toBe(1);
    expect(() => protect(async () => 1, [retry()], { signal: 'stop' as never })).toThrow(
      /option "signal" must be an AbortSignal/,
    );
  });
});
