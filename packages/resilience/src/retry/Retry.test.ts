import { describe, expect, it, jest } from '@jest/globals';
import {
  BallastError,
  ConfigError,
  createRuntime,
  protect,
  type Runtime,
  runInContext,
  weave,
} from '@ballast/core';
import { BulkheadFullError } from '../bulkhead/BulkheadFullError.js';
import { CircuitOpenError } from '../circuit-breaker/CircuitOpenError.js';
import { ConstantBackoff } from './backoff/ConstantBackoff.js';
import { Retry, retry } from './Retry.js';
import { RetryExhaustedError } from './RetryExhaustedError.js';
import { retryStatistics } from './RetryStatistics.js';
import { outcomeOf } from '../../test/outcomes.js';
import { eachTestRuntime } from '../../test/eachTestRuntime.js';

class Flaky {
  calls = 0;
  constructor(
    private readonly failures: number,
    private readonly error: () => unknown = () => new Error('boom'),
  ) {}

  @Retry({ backoff: new ConstantBackoff(100), budget: false })
  async get(): Promise<string> {
    this.calls++;
    if (this.calls <= this.failures) throw this.error();
    return `ok after ${this.calls}`;
  }
}

function coded(code: string): BallastError {
  return new BallastError(code, `failed with ${code}`);
}

describe('Retry', () => {
  let runtime: Runtime;
  eachTestRuntime((fresh) => (runtime = fresh));

  it('retries after the backoff delay and returns the first success', async () => {
    const flaky = weave(new Flaky(2), runtime);
    const result = flaky.get();
    await jest.advanceTimersByTimeAsync(99);
    expect(flaky.calls).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(flaky.calls).toBe(2);
    await jest.advanceTimersByTimeAsync(100);
    await expect(result).resolves.toBe('ok after 3');
    expect(retryStatistics(runtime).get('Flaky.get')).toMatchObject({
      successfulWithRetry: 1,
      failedWithRetry: 0,
    });
  });

  it('gives up after maxAttempts (3 by default, the first included) with RetryExhaustedError', async () => {
    const flaky = weave(new Flaky(10), runtime);
    const result = flaky.get();
    const settled = expect(result).rejects.toMatchObject({
      code: 'BALLAST_ERR_RETRY_EXHAUSTED',
      attempts: 3,
      reason: 'max-attempts',
      cause: expect.objectContaining({ message: 'boom' }),
    });
    await jest.advanceTimersByTimeAsync(1_000);
    await settled;
    expect(flaky.calls).toBe(3);
    expect(retryStatistics(runtime).get('Flaky.get')).toMatchObject({ failedWithRetry: 1 });
  });

  it('rethrows the last error unchanged with onGiveUp: rethrow', async () => {
    const last = new Error('last');
    let n = 0;
    const fn = protect(
      async () => {
        n++;
        throw n === 2 ? last : new Error('first');
      },
      [retry({ maxAttempts: 2, backoff: new ConstantBackoff(10), onGiveUp: 'rethrow' })],
      { runtime },
    );
    const settled = expect(fn()).rejects.toBe(last);
    await jest.advanceTimersByTimeAsync(10);
    await settled;
  });

  /** A permanent failure of another package (as `@ballast/flags`' disabled feature). */
  class FeatureOffError extends BallastError {
    static override readonly code = 'BALLAST_ERR_FEATURE_DISABLED';
    static override readonly kind = 'permanent';
  }

  it.each([
    ['BALLAST_ERR_CIRCUIT_OPEN', () => new CircuitOpenError('payments', undefined, 'OPEN', 1_000)],
    ['BALLAST_ERR_BULKHEAD_FULL', () => new BulkheadFullError('payments', 'full')],
    ['BALLAST_ERR_FEATURE_DISABLED', () => new FeatureOffError(FeatureOffError.code, 'off')],
    ['BALLAST_ERR_CONFIG', () => new ConfigError('bad')],
  ])('does not retry %s by default and rethrows it unchanged', async (code, error) => {
    const flaky = weave(new Flaky(5, error), runtime);
    await expect(flaky.get()).rejects.toMatchObject({ code });
    expect(flaky.calls).toBe(1);
    expect(retryStatistics(runtime).get('Flaky.get')).toMatchObject({ failedWithoutRetry: 1 });
  });

  it('retries a never-retried code when retryOn names it explicitly', async () => {
    let calls = 0;
    const fn = protect(
      async () => {
        if (++calls === 1) throw coded('BALLAST_ERR_BULKHEAD_FULL');
        return 'in';
      },
      [retry({ retryOn: 'BALLAST_ERR_BULKHEAD_FULL', backoff: new ConstantBackoff(5) })],
      { runtime },
    );
    const result = fn();
    await jest.advanceTimersByTimeAsync(5);
    await expect(result).resolves.toBe('in');
  });

  it('retries only what retryOn matches (class, code or predicate) and stops at abortOn', async () => {
    class Transient extends Error {}
    const matches = async (
      error: unknown,
      options: Parameters<typeof retry>[0],
    ): Promise<number> => {
      let calls = 0;
      const fn = protect(
        async () => {
          calls++;
          throw error;
        },
        [retry(options)],
        { runtime, name: `m${Math.random()}` },
      );
      const settled = fn().catch(() => undefined);
      await jest.advanceTimersByTimeAsync(60_000);
      await settled;
      return calls;
    };
    const base = { backoff: new ConstantBackoff(1), budget: false as const };
    expect(await matches(new Transient(), { ...base, retryOn: Transient })).toBe(3);
    expect(await matches(new Error('x'), { ...base, retryOn: Transient })).toBe(1);
    expect(
      await matches(Object.assign(new Error('x'), { code: 'ECONNRESET' }), {
        ...base,
        retryOn: ['ECONNRESET'],
      }),
    ).toBe(3);
    expect(
      await matches(new Error('x'), { ...base, retryOn: (e) => (e as Error).message === 'x' }),
    ).toBe(3);
    expect(await matches(new Transient(), { ...base, abortOn: Transient })).toBe(1);
    expect(
      await matches(new Error('x'), {
        ...base,
        retryOn: () => {
          throw new Error('bad predicate');
        },
      }),
    ).toBe(1);
  });

  it('retries on an unwanted result and returns the last result when attempts run out', async () => {
    let calls = 0;
    const fn = protect(
      async () => ++calls,
      [retry({ retryOnResult: (n) => (n as number) < 10, backoff: new ConstantBackoff(1) })],
      {
        runtime,
      },
    );
    const result = fn();
    await jest.advanceTimersByTimeAsync(10);
    await expect(result).resolves.toBe(3);
  });

  it('honours a retryAfterMs hint on the error, capped by maxRetryAfter', async () => {
    let calls = 0;
    const fn = protect(
      async () => {
        if (++calls === 1) throw Object.assign(new Error('429'), { retryAfterMs: 3_600_000 });
        return 'done';
      },
      [retry({ backoff: new ConstantBackoff(10), maxRetryAfter: 2_000 })],
      { runtime },
    );
    const result = fn();
    await jest.advanceTimersByTimeAsync(1_999);
    expect(calls).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe('done');
  });

  it('stops when maxDuration would be exceeded by the next delay', async () => {
    const fn = protect(
      async () => {
        throw new Error('down');
      },
      [retry({ maxAttempts: 10, backoff: new ConstantBackoff(400), maxDuration: 1_000 })],
      { runtime },
    );
    const settled = expect(fn()).rejects.toMatchObject({ reason: 'max-duration', attempts: 3 });
    await jest.advanceTimersByTimeAsync(2_000);
    await settled;
  });

  it('does not retry when the call deadline leaves less than the delay plus minAttemptMs', async () => {
    let calls = 0;
    const fn = protect(
      async () => {
        calls++;
        throw new Error('down');
      },
      [retry({ backoff: new ConstantBackoff(300), minAttemptMs: 100 })],
      { runtime },
    );
    const settled = expect(runInContext({ deadline: Date.now() + 350 }, fn)).rejects.toMatchObject({
      reason: 'deadline',
      attempts: 1,
    });
    await jest.advanceTimersByTimeAsync(1_000);
    await settled;
    expect(calls).toBe(1);
  });

  /**
   * An inner policy that rethrows its last error: were it to retry under the outer one, the
   * outer would retry that error too and the method would run 3 × 3 times.
   */
  function nestedRetries(
    outerBody: (inner: () => Promise<never>) => Promise<never>,
    context: 'join' | 'start' = 'join',
  ) {
    const down = new Error('down');
    let innerCalls = 0;
    const inner = protect(
      async (): Promise<never> => {
        innerCalls++;
        throw down;
      },
      [
        retry({
          name: 'inner',
          backoff: new ConstantBackoff(1),
          budget: false,
          onGiveUp: 'rethrow',
        }),
      ],
      { runtime, name: 'inner' },
    );
    const outer = protect(
      async () => outerBody(inner),
      [retry({ name: 'outer', backoff: new ConstantBackoff(1), budget: false, context })],
      { runtime, name: 'outer' },
    );
    const retriedBy: string[] = [];
    runtime.events.on('retry.attempt', ({ policy }) => retriedBy.push(policy));
    return { down, outer, retriedBy, innerCalls: () => innerCalls };
  }

  async function expectOuterOwnsTheRetries(
    call: Promise<unknown>,
    nested: ReturnType<typeof nestedRetries>,
  ): Promise<void> {
    const settled = expect(call).rejects.toMatchObject({
      code: 'BALLAST_ERR_RETRY_EXHAUSTED',
      message: expect.stringMatching(/^outer: gave up after 3 attempts/),
      attempts: 3,
      cause: nested.down,
    });
    await jest.advanceTimersByTimeAsync(100);
    await settled;
    expect(nested.innerCalls()).toBe(3);
    expect(nested.retriedBy).toEqual(['outer', 'outer']);
    expect(retryStatistics(runtime).get('inner')).toEqual(
      expect.objectContaining({
        successfulWithoutRetry: 0,
        successfulWithRetry: 0,
        failedWithoutRetry: 0,
        failedWithRetry: 0,
      }),
    );
    expect(retryStatistics(runtime).get('outer')).toMatchObject({ failedWithRetry: 1 });
  }

  it('yields to an outer @Retry on the same call path instead of multiplying attempts', async () => {
    const nested = nestedRetries((inner) => inner());
    await expectOuterOwnsTheRetries(nested.outer(), nested);
  });

  it.each([
    ['in a caller context', 'join', true],
    ["with context: 'start'", 'start', false],
  ] as const)(
    'yields to an outer @Retry across awaits %s',
    async (_label, context, inCallerContext) => {
      const nested = nestedRetries(async (inner) => {
        await Promise.resolve();
        return inner();
      }, context);
      const call = inCallerContext
        ? runInContext({ requestId: 'r1' }, nested.outer)
        : nested.outer();
      await expectOuterOwnsTheRetries(call, nested);
    },
  );

  it('multiplies attempts only when the inner policy allows nesting', async () => {
    let innerCalls = 0;
    const inner = protect(
      async () => {
        innerCalls++;
        throw new Error('down');
      },
      [
        retry({
          backoff: new ConstantBackoff(1),
          budget: false,
          nested: 'allow',
          onGiveUp: 'rethrow',
        }),
      ],
      { runtime, name: 'inner' },
    );
    const outer = protect(
      async () => inner(),
      [retry({ backoff: new ConstantBackoff(1), budget: false })],
      { runtime, name: 'outer' },
    );
    const settled = outer().catch(() => undefined);
    await jest.advanceTimersByTimeAsync(100);
    await settled;
    expect(innerCalls).toBe(9);
  });

  it('retries synchronous methods in place with a zero-delay backoff', () => {
    let calls = 0;
    const fn = protect(
      (): number => {
        if (++calls < 3) throw new Error('sync');
        return calls;
      },
      [retry({ backoff: new ConstantBackoff(0) })],
      { runtime },
    );
    expect(fn()).toBe(3);
  });

  it('refuses a synchronous method when its backoff needs delays', () => {
    class Sync {
      @Retry()
      value(): number {
        return 1;
      }
    }
    const sync = weave(new Sync(), runtime);
    expect(() => sync.value()).toThrow(
      expect.objectContaining({ code: 'BALLAST_ERR_SYNC_UNSUPPORTED' }),
    );
  });

  it('rejects a waiting call with RuntimeDisposedError when the runtime is disposed', async () => {
    const flaky = weave(new Flaky(5), runtime);
    const result = flaky.get();
    await jest.advanceTimersByTimeAsync(0);
    runtime.dispose();
    await expect(result).rejects.toMatchObject({ code: 'BALLAST_ERR_RUNTIME_DISPOSED' });
  });

  it('emits retry and give-up events', async () => {
    const seen: string[] = [];
    runtime.events.on('retry.attempt', (e) => seen.push(`retry ${e.attempt} ${e.delayMs}`));
    runtime.events.on('retry.give-up', (e) => seen.push(`give-up ${e.attempts} ${e.reason}`));
    const flaky = weave(new Flaky(10), runtime);
    const settled = flaky.get().catch(() => undefined);
    await jest.advanceTimersByTimeAsync(1_000);
    await settled;
    expect(seen).toEqual(['retry 1 100', 'retry 2 100', 'give-up 3 max-attempts']);
  });

  it('refuses a retry over budget, counts it and emits retry.budget-exhausted', async () => {
    const exhausted: number[] = [];
    runtime.events.on('retry.budget-exhausted', (e) => exhausted.push(e.attempt));
    const fn = protect(
      async () => {
        throw new Error('down');
      },
      [
        retry({
          backoff: new ConstantBackoff(1),
          budget: { ratio: 0, minRetriesPerSecond: 0.1, windowMs: 10_000 },
        }),
      ],
      { runtime, name: 'tight' },
    );
    const first = fn().catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(10);
    expect(await first).toMatchObject({ reason: 'budget', attempts: 2 });
    expect(exhausted).toEqual([2]);
    expect(retryStatistics(runtime).get('tight')).toMatchObject({
      budgetExhausted: 1,
      failedWithRetry: 1,
    });
  });

  it('retries an unwanted synchronous result in place with a zero-delay backoff', () => {
    let calls = 0;
    const fn = protect(
      (): number => ++calls,
      [retry({ backoff: new ConstantBackoff(0), retryOnResult: (n) => (n as number) < 2 })],
      {
        runtime,
      },
    );
    expect(fn()).toBe(2);
  });

  it('reads a named policy from the runtime config, one budget shared by its methods', async () => {
    const configured = createRuntime({
      config: {
        policies: {
          Retry: {
            payments: {
              maxAttempts: 2,
              backoff: new ConstantBackoff(1),
              budget: { ratio: 0, minRetriesPerSecond: 0.1 },
            },
          },
        },
      },
    });
    class Payments {
      calls = 0;
      @Retry('payments')
      async quote(): Promise<never> {
        this.calls++;
        throw new Error('down');
      }
      @Retry('payments')
      async pay(): Promise<never> {
        this.calls++;
        throw new Error('down');
      }
    }
    const payments = weave(new Payments(), configured);
    const quote = payments.quote().catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(5);
    expect(await quote).toMatchObject({ reason: 'max-attempts', attempts: 2 });
    // The one retry the window allows was spent by quote(): pay() gets none.
    expect(await payments.pay().catch((e: unknown) => e)).toMatchObject({
      reason: 'budget',
      attempts: 1,
    });
    expect(payments.calls).toBe(3);
    expect(() => configured.updatePolicies({ Retry: { payments: { maxAttempts: 0 } } })).toThrow(
      /"maxAttempts"/,
    );
    configured.dispose();
  });

  it('retries at once without a timer when the delay is zero', async () => {
    const schedule = jest.spyOn(runtime.scheduler, 'schedule');
    let calls = 0;
    const fn = protect(
      async () => {
        if (++calls < 3) throw new Error('blip');
        return 'third time';
      },
      [retry({ backoff: new ConstantBackoff(0), budget: false })],
      { runtime },
    );
    await expect(fn()).resolves.toBe('third time'); // no fake time advanced: no timer waited on
    expect(schedule).not.toHaveBeenCalled();
  });

  it('retries attempts that throw at once in a loop, not a deeper stack each time', async () => {
    let calls = 0;
    const fn = protect(
      (): Promise<string> => {
        if (++calls === 1) return Promise.reject(new Error('async failure'));
        throw new Error('sync throw');
      },
      [retry({ maxAttempts: 10_000, backoff: new ConstantBackoff(0), budget: false })],
      { runtime },
    );
    const outcome = await outcomeOf(fn());
    expect(outcome).toMatchObject({ code: 'BALLAST_ERR_RETRY_EXHAUSTED', attempts: 10_000 });
  });

  it('rejects bad options with BALLAST_ERR_CONFIG naming the option', () => {
    const bad: [unknown, RegExp][] = [
      [{ maxAttempts: 0 }, /"maxAttempts" must be an integer >= 1 <= 10000 \(got 0\)/],
      [{ maxAttempts: 2.5 }, /"maxAttempts"/],
      [{ maxDelay: -1 }, /"maxDelay"/],
      [{ maxDelay: Number.NaN }, /"maxDelay"/],
      [{ backoff: 'fast' }, /"backoff" must be a Backoff/],
      [{ retryOn: 42 }, /"retryOn" must be an Error class/],
      [{ retryOn: [] }, /"retryOn"/],
      [{ nested: 'never' }, /"nested" must be one of yield, allow/],
      [{ budget: { ratio: -1 } }, /budget: option "ratio"/],
      [{ budget: { windowMs: 10 } }, /"windowMs"/],
      [{ maxDuration: 0 }, /"maxDuration"/],
      [{ retries: 3 }, /unknown option "retries"/],
      [5, /options must be an object/],
    ];
    for (const [input, message] of bad) {
      const attempt = (): unknown => Retry(input as never);
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(message);
    }
    expect(() => new ConstantBackoff(-5)).toThrow(/ConstantBackoff: option "delayMs"/);
  });

  it('is a BallastError with a stable code', () => {
    const error = new RetryExhaustedError('p', 3, 'budget', new Error('x'));
    expect(RetryExhaustedError.is(error)).toBe(true);
    expect(error.code).toBe(RetryExhaustedError.code);
    expect(error.message).toBe(
      'p: gave up after 3 attempts (budget); the last error is the cause.',
    );
  });
});
