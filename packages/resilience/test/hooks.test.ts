import { describe, expect, it, jest } from '@jest/globals';
import { ConfigError, protect, type Runtime } from '@ballast/core';
import {
  breakerStatistics,
  bulkhead,
  bulkheadStatistics,
  circuitBreaker,
  ConstantBackoff,
  fallback,
  fallbackStatistics,
  Retry,
  rateLimit,
  rateLimitStatistics,
  retry,
  retryStatistics,
  timeout,
  timeoutStatistics,
} from '@ballast/resilience';
import { hang, outcomeOf } from './outcomes.js';
import { eachTestRuntime } from './eachTestRuntime.js';

const boom = (): never => {
  throw new Error('hook bug');
};

describe('per-policy hooks', () => {
  let runtime: Runtime;
  eachTestRuntime((fresh) => (runtime = fresh));

  it('calls onRetry before each retry and onGiveUp when retries run out', async () => {
    const seen: unknown[] = [];
    const error = new Error('down');
    const call = protect(
      async () => Promise.reject(error),
      [
        retry({
          maxAttempts: 3,
          backoff: new ConstantBackoff(10),
          budget: false,
          onRetry: (event) => seen.push(['retry', event]),
          onGiveUp: (event) => seen.push(['give up', event]),
        }),
      ],
      { runtime, name: 'dep' },
    );
    const outcome = outcomeOf(call());
    await jest.advanceTimersByTimeAsync(100);
    expect(await outcome).toMatchObject({ code: 'BALLAST_ERR_RETRY_EXHAUSTED' });
    expect(seen).toEqual([
      ['retry', { policy: 'dep', attempt: 1, delayMs: 10, error }],
      ['retry', { policy: 'dep', attempt: 2, delayMs: 10, error }],
      ['give up', { policy: 'dep', attempts: 3, reason: 'max-attempts', error }],
    ]);
  });

  it('calls onStateChange with from, to and reason', async () => {
    const seen: string[] = [];
    const call = protect(
      async () => Promise.reject(new Error('down')),
      [
        circuitBreaker({
          window: 'consecutive',
          consecutiveFailures: 1,
          openDuration: 1_000,
          onStateChange: ({ from, to, reason }) => seen.push(`${from}->${to} (${reason})`),
        }),
      ],
      { runtime, name: 'dep' },
    );
    await outcomeOf(call());
    jest.advanceTimersByTime(1_000);
    await outcomeOf(call());
    expect(seen).toEqual([
      'CLOSED->OPEN (failures)',
      'OPEN->HALF_OPEN (open-elapsed)',
      'HALF_OPEN->OPEN (probe-failed)',
    ]);
  });

  it('calls onTimeout, onFallback and onRejected with their payloads', async () => {
    const seen: unknown[] = [];
    const slow = protect(
      async () => hang(),
      [
        fallback({ value: 'cached', onFallback: (e) => seen.push(['fallback', e.source]) }),
        timeout({ ms: 50, onTimeout: (e) => seen.push(['timeout', e]) }),
      ],
      { runtime, name: 'slow' },
    );
    const served = slow();
    await jest.advanceTimersByTimeAsync(50);
    await expect(served).resolves.toBe('cached');
    const narrow = protect(
      async () => hang(),
      [bulkhead({ maxConcurrent: 1, onRejected: (e) => seen.push(['bulkhead', e]) })],
      {
        runtime,
        name: 'narrow',
      },
    );
    void narrow();
    await outcomeOf(narrow());
    const limited = protect(
      async () => 'sent',
      [rateLimit({ rate: 1, onRejected: (e) => seen.push(['rate', e]) })],
      {
        runtime,
        name: 'sms',
      },
    );
    await limited();
    await outcomeOf(limited());
    expect(seen).toEqual([
      ['timeout', { policy: 'slow', timeoutMs: 50 }],
      ['fallback', 'value'],
      ['bulkhead', { policy: 'narrow', reason: 'full' }],
      ['rate', { policy: 'sms', key: undefined, retryAfterMs: 1_000 }],
    ]);
  });

  it('counts a throwing hook in hookErrors and never lets it break the call', async () => {
    let calls = 0;
    const call = protect(
      async () => {
        calls++;
        if (calls === 1) throw new Error('down');
        return hang();
      },
      [
        fallback({ value: 'cached', onFallback: boom }),
        retry({
          backoff: new ConstantBackoff(10),
          budget: false,
          onRetry: boom,
          onGiveUp: boom,
          maxAttempts: 2,
        }),
        circuitBreaker({ window: 'consecutive', consecutiveFailures: 2, onStateChange: boom }),
        timeout({ ms: 50, onTimeout: boom }),
      ],
      { runtime, name: 'dep' },
    );
    const served = call();
    await jest.advanceTimersByTimeAsync(100);
    await expect(served).resolves.toBe('cached');
    expect(retryStatistics(runtime).get('dep')?.hookErrors).toBe(2); // onRetry, onGiveUp
    expect(timeoutStatistics(runtime).get('dep')?.hookErrors).toBe(1);
    expect(fallbackStatistics(runtime).get('dep')?.hookErrors).toBe(1);
    expect(breakerStatistics(runtime).get('dep')).toMatchObject({ state: 'OPEN', hookErrors: 1 });
    const narrow = protect(async () => hang(), [bulkhead({ maxConcurrent: 1, onRejected: boom })], {
      runtime,
      name: 'narrow',
    });
    void narrow();
    expect(await outcomeOf(narrow())).toMatchObject({ code: 'BALLAST_ERR_BULKHEAD_FULL' });
    expect(bulkheadStatistics(runtime).get('narrow')?.hookErrors).toBe(1);
    const limited = protect(async () => 'sent', [rateLimit({ rate: 1, onRejected: boom })], {
      runtime,
      name: 'sms',
    });
    await limited();
    expect(await outcomeOf(limited())).toMatchObject({ code: 'BALLAST_ERR_RATE_LIMITED' });
    expect(rateLimitStatistics(runtime).get('sms')?.hookErrors).toBe(1);
  });

  it('refuses a hook that is not a function, naming the option', () => {
    expect(() => retry({ onRetry: 'log' as never })).toThrow(ConfigError);
    expect(() => timeout({ ms: 10, onTimeout: 1 as never })).toThrow(
      /"onTimeout" must be a function/,
    );
    expect(() => circuitBreaker({ onStateChange: {} as never })).toThrow(
      /"onStateChange" must be a function/,
    );
    expect(() => bulkhead({ onRejected: true as never })).toThrow(
      /"onRejected" must be a function/,
    );
    expect(() => Retry({ giveUp: 'rethrow', onGiveUp: 'wrap' })).toThrow(
      /"onGiveUp" must be a function \(the give-up hook\) when giveUp is set/,
    );
  });

  it("still accepts onGiveUp: 'rethrow', the earlier spelling of giveUp", async () => {
    const error = new Error('down');
    const call = protect(
      async () => Promise.reject(error),
      [retry({ maxAttempts: 1, onGiveUp: 'rethrow' })],
      {
        runtime,
      },
    );
    await expect(call()).rejects.toBe(error);
  });
});
