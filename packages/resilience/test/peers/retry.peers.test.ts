import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { CancelledError, protect } from '@ballast/core';
import {
  type Backoff,
  ConstantBackoff,
  currentAttempt,
  DecorrelatedJitterBackoff,
  ExponentialBackoff,
  LinearBackoff,
  Retry,
  retry,
  RetryExhaustedError,
  type RetryAttemptEvent,
  type RetryOptions,
  resilience,
  retryStatistics,
} from '@ballast/resilience';
import { injectable } from 'inversify';
import { outcomeOf } from '../outcomes.js';
import { manualRuntime } from './manualRuntime.js';

class BusinessError extends Error {}

const env = manualRuntime();

/** A dependency that answers from a script, one entry per call (an Error is thrown). */
function scripted(...answers: unknown[]): { fn: () => Promise<unknown>; calls: () => number } {
  let calls = 0;
  return {
    fn: () => {
      const answer = answers[Math.min(calls, answers.length - 1)];
      calls++;
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
    calls: () => calls,
  };
}

function retried(fn: () => Promise<unknown>, options: RetryOptions): () => Promise<unknown> {
  return protect(fn, [retry({ budget: false, ...options })], { runtime: env.runtime, name: 'dep' });
}

describe('Retry, as the peers test it', () => {
  it('calls a dependency that answers at once exactly once [resilience4j SupplierRetryTest shouldNotRetry]', async () => {
    const dep = scripted('ok');
    await expect(retried(dep.fn, {})()).resolves.toBe('ok');
    expect(dep.calls()).toBe(1);
    expect(retryStatistics(env.runtime).get('dep')).toMatchObject({ successfulWithoutRetry: 1 });
  });

  it('rethrows an ignored error after one attempt, unchanged [resilience4j SupplierRetryTest shouldReturnAfterOneAttemptAndIgnoreException]', async () => {
    const error = new BusinessError('invalid order');
    const dep = scripted(error, 'ok');
    const call = retried(dep.fn, { abortOn: BusinessError, backoff: () => 10 });
    expect(await outcomeOf(call())).toBe(error);
    expect(dep.calls()).toBe(1);
  });

  it('retries an unwanted result until an accepted one comes back [resilience4j SupplierRetryTest shouldRetryWithResult] [cockatiel RetryPolicy.test filters returns]', async () => {
    const dep = scripted('pending', 'pending', 'done');
    const call = retried(dep.fn, {
      maxAttempts: 5,
      backoff: new ConstantBackoff(50),
      retryOnResult: (value) => value === 'pending',
    });
    const result = call();
    await env.clock.advanceAsync(100);
    await expect(result).resolves.toBe('done');
    expect(dep.calls()).toBe(3);
  });

  it('waits the delays a delay function returns, in order [Polly RetryResilienceStrategyTests RetryDelayGenerator_Respected]', async () => {
    const dep = scripted(new Error('down'), new Error('down'), 'ok');
    const result = retried(dep.fn, { backoff: (retry) => retry * 100 })();
    await env.clock.advanceAsync(99);
    expect(dep.calls()).toBe(1);
    await env.clock.advanceAsync(1);
    expect(dep.calls()).toBe(2);
    await env.clock.advanceAsync(199);
    expect(dep.calls()).toBe(2);
    await env.clock.advanceAsync(1);
    await expect(result).resolves.toBe('ok');
  });

  it('gives a delay function the result being retried, so a returned 429 can set the delay [resilience4j SupplierRetryTest shouldUseBackoffBiFunctionWhenRetryWithResult] [Polly RetryResilienceStrategyTests RetryDelayGenerator_EnsureCorrectArguments]', async () => {
    const dep = scripted({ status: 429, retryAfterMs: 700 }, { status: 200 });
    const seen: unknown[] = [];
    const result = retried(dep.fn, {
      retryOnResult: (reply) => (reply as { status: number }).status === 429,
      backoff: (_retry, _error, reply) => {
        seen.push(reply);
        return (reply as { retryAfterMs: number }).retryAfterMs;
      },
    })();
    await env.clock.advanceAsync(699);
    expect(dep.calls()).toBe(1);
    await env.clock.advanceAsync(1);
    await expect(result).resolves.toEqual({ status: 200 });
    expect(seen).toEqual([{ status: 429, retryAfterMs: 700 }]);
  });

  it('hands each discarded result to onRetry before the next attempt [resilience4j SupplierRetryTest shouldPerformConsumeResultBeforeRetryAttemptOnRetry] [Polly RetryResilienceStrategyTests ExecuteAsync_MultipleRetries_EnsureDiscardedResultsDisposed]', async () => {
    const dep = scripted('busy-1', 'busy-2', 'ok');
    const discarded: unknown[] = [];
    const result = retried(dep.fn, {
      backoff: new ConstantBackoff(10),
      retryOnResult: (value) => value !== 'ok',
      onRetry: (event) => discarded.push(event.result),
    })();
    await env.clock.advanceAsync(20);
    await expect(result).resolves.toBe('ok');
    expect(discarded).toEqual(['busy-1', 'busy-2']);
  });

  it('reports each retry with the failed attempt number, its delay and its error [Polly RetryResilienceStrategyTests OnRetry_EnsureCorrectArguments] [cockatiel RetryPolicy.test provides the attempt to the onRetry callback]', async () => {
    const errors = [new Error('e1'), new Error('e2'), new Error('e3')];
    const dep = scripted(...errors, 'ok');
    const events: RetryAttemptEvent[] = [];
    const result = retried(dep.fn, {
      maxAttempts: 4,
      backoff: new ExponentialBackoff({ initialDelay: 100 }),
      onRetry: (event) => events.push(event),
    })();
    await env.clock.advanceAsync(700);
    await expect(result).resolves.toBe('ok');
    expect(events).toEqual([
      { policy: 'dep', attempt: 1, delayMs: 100, error: errors[0], result: undefined },
      { policy: 'dep', attempt: 2, delayMs: 200, error: errors[1], result: undefined },
      { policy: 'dep', attempt: 3, delayMs: 400, error: errors[2], result: undefined },
    ]);
  });

  it('doubles an exponential delay from its base [cockatiel ExponentialBackoff.test works] [Polly RetryHelperTests Exponential_Ok]', () => {
    const backoff: Backoff = new ExponentialBackoff({ initialDelay: 100 });
    const delays = [1, 2, 3, 4].map((n) => backoff.delay(n, 0, 10_000, undefined));
    expect(delays).toEqual([100, 200, 400, 800]);
  });

  it('grows a linear delay by its increment [Polly RetryHelperTests Linear_Ok]', () => {
    const backoff: Backoff = new LinearBackoff({ initialDelay: 100, increment: 100 });
    expect([1, 2, 3].map((n) => backoff.delay(n, 0, 10_000, undefined))).toEqual([100, 200, 300]);
  });

  it('keeps a jittered constant delay within ±jitter of its base [Polly RetryHelperTests Constant_Jitter_Ok]', () => {
    const low: Backoff = new ConstantBackoff(1_000, { jitter: 0.25, random: () => 0 });
    const high: Backoff = new ConstantBackoff(1_000, { jitter: 0.25, random: () => 0.999_999 });
    expect(low.delay(1, 0, 10_000, undefined)).toBe(750);
    expect(high.delay(1, 0, 10_000, undefined)).toBeCloseTo(1_250, 2);
  });

  it('caps every delay at maxDelay, even when an exponential delay overflows [Polly RetryResilienceStrategyTests MaxDelay_EnsureRespected] [Polly RetryHelperTests GetRetryDelay_OverflowWithMaxDelay_ReturnsMaxDelay]', async () => {
    const dep = scripted(new Error('down'));
    const delays: number[] = [];
    const result = outcomeOf(
      retried(dep.fn, {
        maxAttempts: 1_100,
        maxDelay: 1_000,
        backoff: new ExponentialBackoff({ initialDelay: 100, factor: 10 }),
        onRetry: ({ delayMs }) => delays.push(delayMs),
      })(),
    );
    await env.clock.advanceAsync(1_100_000);
    expect(await result).toBeInstanceOf(RetryExhaustedError);
    expect(delays.slice(0, 3)).toEqual([100, 1_000, 1_000]);
    expect(delays.every((delay) => delay === 100 || delay === 1_000)).toBe(true);
  });

  it('starts every call with a fresh set of attempts [resilience4j SupplierRetryTest testDecorateSupplierAndInvokeTwice]', async () => {
    const dep = scripted(new Error('1'), 'a', new Error('2'), 'b');
    const call = retried(dep.fn, { maxAttempts: 2, backoff: new ConstantBackoff(0) });
    await expect(call()).resolves.toBe('a');
    await expect(call()).resolves.toBe('b');
    expect(dep.calls()).toBe(4);
    expect(retryStatistics(env.runtime).get('dep')).toMatchObject({ successfulWithRetry: 2 });
  });

  it('names the policy and the attempts when it gives up [resilience4j MaxRetriesExceededTest errorMessageShouldReportedRight]', async () => {
    const dep = scripted(new Error('down'));
    const error = await outcomeOf(retried(dep.fn, { backoff: new ConstantBackoff(0) })());
    expect(error).toBeInstanceOf(RetryExhaustedError);
    expect((error as RetryExhaustedError).message).toMatch(/^dep: .*3 attempts/);
    expect((error as RetryExhaustedError).cause).toEqual(new Error('down'));
  });

  it('returns the last unwanted result instead of failing when attempts run out [resilience4j SupplierRetryTest shouldThrowMaxRetriesExceededIfConfigured] [cockatiel RetryPolicy.test bubbles returns when retry attempts exceeded]', async () => {
    const dep = scripted('pending');
    const call = retried(dep.fn, {
      backoff: new ConstantBackoff(0),
      retryOnResult: (value) => value === 'pending',
    });
    await expect(call()).resolves.toBe('pending');
    expect(dep.calls()).toBe(3);
    expect(retryStatistics(env.runtime).get('dep')).toMatchObject({ failedWithRetry: 1 });
  });

  it('rethrows the original error, without retrying, when a retryOn predicate throws [resilience4j CompletionStageRetryTest shouldCompleteExceptionallyWhenRetryOnExPredicateThrows]', async () => {
    const error = new Error('down');
    const dep = scripted(error, 'ok');
    const call = retried(dep.fn, {
      backoff: new ConstantBackoff(0),
      retryOn: () => {
        throw new Error('bug in the predicate');
      },
    });
    expect(await outcomeOf(call())).toBe(error);
    expect(dep.calls()).toBe(1);
  });

  it('retries at once when a delay function returns a negative delay [resilience4j CompletionStageRetryTest shouldStopRetryingAndEmitProperEventsIfIntervalFunctionReturnsLessThanZero]', async () => {
    const dep = scripted(new Error('down'), 'ok');
    const delays: number[] = [];
    const call = retried(dep.fn, { backoff: () => -1, onRetry: (e) => delays.push(e.delayMs) });
    await expect(call()).resolves.toBe('ok');
    expect(delays).toEqual([0]);
  });

  it('never runs a call whose caller cancelled before it started [Polly RetryResilienceStrategyTests ExecuteAsync_CanceledBeforeExecution_EnsureNotExecuted]', async () => {
    const dep = scripted('ok');
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    const call = protect(dep.fn, [retry({ budget: false })], {
      runtime: env.runtime,
      name: 'dep',
      signal: controller.signal,
    });
    expect(await outcomeOf(call())).toBeInstanceOf(CancelledError);
    expect(dep.calls()).toBe(0);
  });

  it('does not retry an attempt that failed after its caller cancelled [Polly RetryResilienceStrategyTests ExecuteAsync_CanceledDuringExecution_EnsureNotExecutedAgain]', async () => {
    const controller = new AbortController();
    let calls = 0;
    const policy = resilience({
      name: 'dep',
      runtime: env.runtime,
      retry: { budget: false, backoff: () => 0 },
    });
    const result = policy.execute(
      () => {
        calls++;
        controller.abort(new Error('gone'));
        return Promise.reject(new Error('down'));
      },
      { signal: controller.signal },
    );
    expect(await outcomeOf(result)).toBeInstanceOf(CancelledError);
    expect(calls).toBe(1);
  });

  it('returns a value that arrives after its caller cancelled, without retrying [Polly RetryResilienceStrategyTests ExecuteAsync_CanceledDuringExecution_EnsureResultReturned]', async () => {
    const controller = new AbortController();
    const policy = resilience({ name: 'dep', runtime: env.runtime, retry: { budget: false } });
    const result = policy.execute(
      () => {
        controller.abort(new Error('gone'));
        return Promise.resolve('late but fine');
      },
      { signal: controller.signal },
    );
    await expect(result).resolves.toBe('late but fine');
  });

  it('stops retrying when its caller cancels during a delay, with no attempt after it [Polly RetryResilienceStrategyTests ExecuteAsync_CanceledDuringDelay_EnsureNotExecutedAgain] [cockatiel RetryPolicy.test stops retries if cancellation is requested]', async () => {
    const dep = scripted(new Error('down'));
    const controller = new AbortController();
    const call = protect(dep.fn, [retry({ budget: false, backoff: new ConstantBackoff(1_000) })], {
      runtime: env.runtime,
      name: 'dep',
      signal: controller.signal,
    });
    const result = outcomeOf(call());
    await env.clock.advanceAsync(500);
    controller.abort(new Error('gone'));
    const error = await result;
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as CancelledError).cause).toEqual(new Error('gone'));
    await env.clock.advanceAsync(5_000);
    expect(dep.calls()).toBe(1);
    expect(env.clock.pendingTimers).toBe(0);
  });

  it('tells the running function which attempt it is [Polly RetryResilienceStrategyTests IsLastAttempt_Ok]', async () => {
    const seen: (number | undefined)[] = [];
    const policy = resilience({
      name: 'dep',
      runtime: env.runtime,
      retry: { budget: false, backoff: () => 0 },
    });
    const result = policy.execute(({ attempt }) => {
      seen.push(attempt, currentAttempt());
      return attempt < 3 ? Promise.reject(new Error('down')) : Promise.resolve(attempt);
    });
    await expect(result).resolves.toBe(3);
    expect(seen).toEqual([1, 1, 2, 2, 3, 3]);
  });

  it('retries a decorated method of a class bound in an inversify container [resilience4j SupplierRetryTest shouldReturnAfterThreeAttemptsAndRecover]', async () => {
    @injectable()
    class Inventory {
      calls = 0;
      @Retry({ maxAttempts: 3, backoff: new ConstantBackoff(100), budget: false })
      async count(sku: string): Promise<string> {
        this.calls++;
        if (this.calls < 3) throw new Error('timeout talking to the warehouse');
        return `${sku}: 4`;
      }
    }
    const inventory = env.fromContainer(Inventory);
    const result = inventory.count('sku-1');
    await env.clock.advanceAsync(200);
    await expect(result).resolves.toBe('sku-1: 4');
    expect(inventory.calls).toBe(3);
  });

  it('retries a call whose function throws before returning its promise [resilience4j CompletionStageRetryTest shouldRethrowExceptionInCaseOfExceptionAtSyncStage]', async () => {
    let calls = 0;
    const fn = (): Promise<string> => {
      calls++;
      if (calls === 1) throw new Error('thrown synchronously');
      return Promise.resolve('ok');
    };
    const call = protect(fn, [retry({ budget: false, backoff: new ConstantBackoff(10) })], {
      runtime: env.runtime,
      name: 'dep',
    });
    const result = call();
    await env.clock.advanceAsync(10);
    await expect(result).resolves.toBe('ok');
    expect(calls).toBe(2);
  });
  it('keeps decorrelated jitter positive, within three times the previous delay and the cap, and random [Polly RetryHelperTests ExponentialWithJitter_EnsureRandomness] [cockatiel ExponentialBackoffGenerators.test decorrelatedJitterGenerator is sane]', () => {
    const run = (): number[] => {
      const backoff: Backoff = new DecorrelatedJitterBackoff({ initialDelay: 128 });
      const delays: number[] = [];
      let previous = 0;
      for (let retry = 1; retry < 100; retry++) {
        const delay = backoff.delay(retry, previous, 30_000, undefined);
        expect(delay).toBeGreaterThanOrEqual(128);
        expect(delay).toBeLessThanOrEqual(Math.min(30_000, Math.max(128, previous) * 3));
        delays.push(delay);
        previous = delay;
      }
      return delays;
    };
    expect(run()).not.toEqual(run());
  });
  it('follows a list of delays, one per retry, counting the first call among maxAttempts [cockatiel RetryPolicy.test sets the retry sequence] [cockatiel IterableBackoff.test works]', async () => {
    const dep = scripted(new Error('down'));
    const delays: number[] = [];
    const sequence = [10, 20, 20];
    const result = outcomeOf(
      retried(dep.fn, {
        maxAttempts: sequence.length + 1,
        backoff: (retry) => sequence[retry - 1]!,
        onRetry: ({ delayMs }) => delays.push(delayMs),
      })(),
    );
    await env.clock.advanceAsync(50);
    expect(await result).toBeInstanceOf(RetryExhaustedError);
    expect(delays).toEqual([10, 20, 20]);
    expect(dep.calls()).toBe(4);
  });
});
