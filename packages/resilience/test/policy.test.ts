import { describe, expect, it, jest } from '@jest/globals';
import { ConfigError, type Runtime, runInContext, weave } from '@ballast/core';
import {
  breakerRegistry,
  breakerStatistics,
  CircuitOpenError,
  ConstantBackoff,
  resilience,
  Resilient,
  retryStatistics,
  timeoutStatistics,
} from '@ballast/resilience';
import { hang, outcomeOf } from './outcomes.js';
import { eachTestRuntime } from './eachTestRuntime.js';

describe('reusable policies: resilience({ ... })', () => {
  let runtime: Runtime;
  eachTestRuntime((fresh) => (runtime = fresh));

  const payments = (): ReturnType<typeof resilience> =>
    resilience({
      name: 'payments',
      runtime,
      retry: { maxAttempts: 2, backoff: new ConstantBackoff(10), budget: false },
      circuitBreaker: { window: 'consecutive', consecutiveFailures: 2, openDuration: 60_000 },
      timeout: 100,
    });

  it('runs any function under its aspects, passing the attempt number and the signal to stop on', async () => {
    const policy = payments();
    const seen: [number, boolean][] = [];
    const result = policy.execute(async ({ attempt, signal }) => {
      seen.push([attempt, signal instanceof AbortSignal]);
      if (attempt === 1) return hang(); // the timeout cuts it off, the retry tries again
      return `charged on attempt ${attempt}`;
    });
    await jest.advanceTimersByTimeAsync(200);
    await expect(result).resolves.toBe('charged on attempt 2');
    expect(seen).toEqual([
      [1, true],
      [2, true],
    ]);
    expect(timeoutStatistics(runtime).get('payments')?.timeouts).toBe(1);
    expect(retryStatistics(runtime).get('payments')?.successfulWithRetry).toBe(1);
  });

  it('shares one breaker and one set of statistics between its executions and the methods it decorates', async () => {
    const policy = payments();
    class PaymentsClient {
      @Resilient(policy)
      async charge(): Promise<string> {
        throw new Error('declined');
      }
    }
    const client = weave(new PaymentsClient(), runtime);
    const first = outcomeOf(client.charge());
    await jest.advanceTimersByTimeAsync(50);
    await first; // two failed attempts: the shared breaker opens
    expect(breakerRegistry(runtime).state('payments')).toBe('OPEN');
    let ran = false;
    const refused = await outcomeOf(policy.execute(() => (ran = true)));
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect(ran).toBe(false);
    expect([...breakerStatistics(runtime).keys()]).toEqual(['payments']);
    expect(retryStatistics(runtime).get('payments')).toMatchObject({
      failedWithRetry: 1,
      failedWithoutRetry: 1,
    });
  });

  it('cancels an execution with the signal given to execute() or found in the call context', async () => {
    const policy = payments();
    const controller = new AbortController();
    const pending = outcomeOf(policy.execute(() => hang(), { signal: controller.signal }));
    controller.abort();
    expect(await pending).toMatchObject({ code: 'BALLAST_ERR_CANCELLED' });
    let ran = false;
    const inContext = await outcomeOf(
      runInContext({ signal: controller.signal }, () => policy.execute(() => (ran = true))),
    );
    expect(inContext).toMatchObject({ code: 'BALLAST_ERR_CANCELLED' });
    expect(ran).toBe(false);
  });

  it('aborts the signal it passes at the deadline', async () => {
    const policy = resilience({ name: 'slow', runtime, timeout: 100 });
    let signal: AbortSignal | undefined;
    const pending = outcomeOf(
      policy.execute((context) => {
        signal = context.signal;
        return hang();
      }),
    );
    await jest.advanceTimersByTimeAsync(100);
    expect(await pending).toMatchObject({ code: 'BALLAST_ERR_TIMEOUT' });
    expect(signal?.aborted).toBe(true);
  });

  it('serves a fallback for the final failure and turns a sync throw of the function into a rejection', async () => {
    const policy = resilience({ name: 'quotes', runtime, fallback: { value: 'cached' } });
    await expect(
      policy.execute(() => {
        throw new Error('down');
      }),
    ).resolves.toBe('cached');
  });

  it('refuses bad options at creation with a coded error', () => {
    const bad: [unknown, RegExp][] = [
      [{ retry: {} }, /"name" must be given/],
      [{ name: 'p', retries: {} }, /unknown option "retries"/],
      [{ name: 'p', retry: { maxAttempts: 0 } }, /resilience\(p\)\.retry.*"maxAttempts"/],
      [{ name: 'p', timeout: { ms: 10, name: 'other' } }, /option "name" is the policy's/],
      [{ name: 'p', fallback: { method: 'cached' } }, /needs a class method/],
      [{ name: 'p', runtime: {} }, /"runtime" must be a Runtime/],
    ];
    for (const [options, message] of bad) {
      const attempt = (): unknown => resilience(options as never);
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(message);
    }
    expect(() => Resilient({} as never)).toThrow(/expected a policy made by resilience/);
    expect(() => payments().execute(() => 1, { signal: 'stop' as never })).toThrow(
      /"signal" must be an AbortSignal/,
    );
  });

  it('refuses a bad execute() before running anything', () => {
    const policy = payments();
    const bad: [() => unknown, RegExp][] = [
      [() => policy.execute(42 as never), /the job must be a function \(got number\)/],
      [() => policy.execute(() => 1, null as never), /options must be an object \(got null\)/],
      [
        // A mistyped signal would drop cancellation without a word.
        () => policy.execute(() => 1, { sginal: AbortSignal.abort() } as never),
        /unknown option "sginal"\. Allowed: signal, cacheKey\./,
      ],
      [() => policy.execute(() => 1, { cacheKey: 7 } as never), /"cacheKey" must be a string/],
    ];
    for (const [attempt, message] of bad) {
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(new RegExp(`^resilience\\(payments\\)\\.execute: ${message.source}`));
    }
    expect(retryStatistics(runtime).get('payments')?.failedWithRetry ?? 0).toBe(0);
  });
});
