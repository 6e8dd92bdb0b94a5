import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { type AspectUse, createRuntime, protect } from '@ballast/core';
import { circuitBreaker, ConstantBackoff, retry, timeout } from '@ballast/resilience';
import { hang, outcomeOf } from './outcomes.js';
import { all, type Drive, ok, refused, runStack, single } from './stackFixtures.js';

describe('Retry ( CircuitBreaker ( Timeout ( method ))) on one method', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('rejects a call made after the runtime was disposed with a coded error, without calling the method', async () => {
    const runtime = createRuntime();
    let calls = 0;
    const call = protect(
      async (): Promise<string> => {
        calls++;
        return 'x';
      },
      all(),
      { runtime, name: 'dep' },
    );
    runtime.dispose();
    await expect(call()).rejects.toMatchObject({ code: 'BALLAST_ERR_RUNTIME_DISPOSED' });
    expect(calls).toBe(0);
  });

  it('returns the value and counts one success in every aspect', async () => {
    const seen = await runStack(all, ok, single(0));
    expect(seen.outcomes).toEqual(['ok 1']);
    expect(seen.statistics).toMatchObject({
      retry: { successfulWithoutRetry: 1 },
      breaker: [{ calls: { successful: 1, failed: 0 } }],
    });
  });

  it('retries a failed attempt after the backoff and succeeds', async () => {
    const seen = await runStack(all, (call) => (call === 1 ? refused() : ok(call)), single(50));
    expect(seen.outcomes).toEqual(['ok 2']);
    expect(seen.statistics).toMatchObject({
      retry: { successfulWithRetry: 1 },
      breaker: [{ calls: { successful: 1, failed: 1 } }],
    });
    expect(seen.events).toEqual([
      expect.objectContaining({ type: 'retry.attempt', attempt: 1, delayMs: 10 }),
    ]);
  });

  it('times out each attempt on its own, counts the timeout as a breaker failure and retries it', async () => {
    const seen = await runStack(all, (call) => (call === 1 ? hang() : ok(call)), single(500));
    expect(seen.outcomes).toEqual(['ok 2']);
    expect(seen.deadlines).toEqual([undefined, undefined]); // no caller context: nothing to join
    expect(seen.statistics).toMatchObject({
      timeout: { timeouts: 1 },
      breaker: [{ calls: { successful: 1, failed: 1 } }],
    });
  });

  it('gives up with RetryExhaustedError when every attempt times out', async () => {
    const seen = await runStack(all, hang, single(1_000));
    expect(seen.outcomes).toEqual([
      expect.objectContaining({
        code: 'BALLAST_ERR_RETRY_EXHAUSTED',
        reason: 'max-attempts',
        attempts: 3,
        cause: expect.objectContaining({ code: 'BALLAST_ERR_TIMEOUT' }),
      }),
    ]);
    expect(seen.statistics).toMatchObject({
      timeout: { timeouts: 3 },
      retry: { failedWithRetry: 1 },
    });
  });

  it('refuses calls on an open breaker and never retries the refusal', async () => {
    const drive: Drive = async (call) => {
      const first = outcomeOf(call());
      await jest.advanceTimersByTimeAsync(100);
      return [await first, await outcomeOf(call()), await outcomeOf(call())];
    };
    const uses = (): AspectUse[] => [
      retry({ backoff: new ConstantBackoff(10), budget: false }),
      circuitBreaker({ window: 'consecutive', consecutiveFailures: 2 }),
      timeout(100),
    ];
    const seen = await runStack(uses, refused, drive);
    expect(seen.calls).toBe(2);
    expect(seen.outcomes).toEqual([
      expect.objectContaining({ code: 'BALLAST_ERR_CIRCUIT_OPEN' }),
      expect.objectContaining({ code: 'BALLAST_ERR_CIRCUIT_OPEN' }),
      expect.objectContaining({ code: 'BALLAST_ERR_CIRCUIT_OPEN' }),
    ]);
    expect(seen.statistics).toMatchObject({
      retry: { failedWithRetry: 1, failedWithoutRetry: 2 },
      breaker: [{ calls: { notPermitted: 3 } }],
    });
  });

  it('settles a half-open probe that times out in aggressive mode, so the breaker opens again', async () => {
    const uses = (): AspectUse[] => [
      retry({ maxAttempts: 1, onGiveUp: 'rethrow' }),
      circuitBreaker({
        window: 'consecutive',
        consecutiveFailures: 1,
        openDuration: 1_000,
        halfOpenProbes: 1,
      }),
      timeout(100),
    ];
    const drive: Drive = async (call) => {
      const tripped = await outcomeOf(call());
      await jest.advanceTimersByTimeAsync(1_000);
      const probe = outcomeOf(call());
      await jest.advanceTimersByTimeAsync(100);
      const reopened = await probe;
      await jest.advanceTimersByTimeAsync(1_000);
      return [tripped, reopened, await outcomeOf(call())];
    };
    const seen = await runStack(
      uses,
      (call) => (call === 1 ? refused() : call === 2 ? hang() : ok(call)),
      drive,
    );
    expect(seen.outcomes).toEqual([
      expect.objectContaining({ code: 'ECONNREFUSED' }),
      expect.objectContaining({ code: 'BALLAST_ERR_TIMEOUT' }),
      'ok 3',
    ]);
    expect(seen.statistics).toMatchObject({
      breaker: [{ state: 'CLOSED', transitions: { OPEN: 2, HALF_OPEN: 2, CLOSED: 1 } }],
    });
  });

  it('gives up when the retry budget has no retry left', async () => {
    const uses = (): AspectUse[] => [
      retry({ budget: { ratio: 0, minRetriesPerSecond: 0 } }),
      circuitBreaker(),
      timeout(100),
    ];
    const seen = await runStack(uses, refused, single(0));
    expect(seen.outcomes).toEqual([expect.objectContaining({ reason: 'budget' })]);
    expect(seen.statistics).toMatchObject({ retry: { budgetExhausted: 1 } });
  });

  it('retries on a result retryOnResult rejects', async () => {
    const uses = (): AspectUse[] => [
      retry({
        backoff: new ConstantBackoff(10),
        budget: false,
        retryOnResult: (value) => value === 'ok 1',
      }),
      circuitBreaker(),
      timeout(100),
    ];
    const seen = await runStack(uses, ok, single(50));
    expect(seen.outcomes).toEqual(['ok 2']);
    expect(seen.calls).toBe(2);
  });

  it('hands an ignored half-open probe its permit back and counts it as ignored', async () => {
    const ignored = (): Promise<string> =>
      Promise.reject(Object.assign(new Error('bad request'), { code: 'EIGNORED' }));
    const uses = (): AspectUse[] => [
      retry({ maxAttempts: 1, onGiveUp: 'rethrow' }),
      circuitBreaker({
        window: 'consecutive',
        consecutiveFailures: 1,
        openDuration: 1_000,
        halfOpenProbes: 1,
        ignore: (error) => (error as { code?: string }).code === 'EIGNORED',
      }),
      timeout(100),
    ];
    const drive: Drive = async (call) => {
      const tripped = await outcomeOf(call());
      await jest.advanceTimersByTimeAsync(1_000);
      return [tripped, await outcomeOf(call()), await outcomeOf(call())];
    };
    const seen = await runStack(
      uses,
      (call) => (call === 1 ? refused() : call === 2 ? ignored() : ok(call)),
      drive,
    );
    expect(seen.outcomes).toEqual([
      expect.objectContaining({ code: 'ECONNREFUSED' }),
      expect.objectContaining({ code: 'EIGNORED' }),
      'ok 3',
    ]);
    expect(seen.statistics).toMatchObject({
      breaker: [{ state: 'CLOSED', calls: { ignored: 1 } }],
    });
  });

  it.each([
    [
      'Retry + CircuitBreaker',
      (): AspectUse[] => [
        retry({ backoff: new ConstantBackoff(10), budget: false }),
        circuitBreaker(),
      ],
      ['ok 2', 'ok 3'],
    ],
    [
      'Retry + Timeout',
      (): AspectUse[] => [retry({ backoff: new ConstantBackoff(10), budget: false }), timeout(100)],
      ['ok 2', 'ok 3'],
    ],
    [
      'CircuitBreaker + Timeout',
      (): AspectUse[] => [circuitBreaker(), timeout(100)],
      [expect.objectContaining({ code: 'ECONNREFUSED' }), 'ok 2'],
    ],
  ])('composes %s alone', async (_name, uses, expected) => {
    const seen = await runStack(
      uses,
      (call) => (call === 1 ? refused() : ok(call)),
      async (call) => {
        const first = outcomeOf(call());
        await jest.advanceTimersByTimeAsync(500);
        return [await first, await outcomeOf(call())];
      },
    );
    expect(seen.outcomes).toEqual(expected);
  });
});
