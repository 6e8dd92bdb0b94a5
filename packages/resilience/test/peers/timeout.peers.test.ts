import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { CancelledError, currentSignal, protect, runInContext } from '@ballast/core';
import {
  resilience,
  Timeout,
  TimeoutError,
  type TimeoutExpiredEvent,
  timeout,
  timeoutStatistics,
} from '@ballast/resilience';
import { injectable } from 'inversify';
import { hang, outcomeOf } from '../outcomes.js';
import { manualRuntime } from './manualRuntime.js';

const env = manualRuntime();

/** Resolves with `value` after `ms` of env.clock time. */
function after<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => env.clock.setTimer(() => resolve(value), ms));
}

describe('Timeout, as the peers test it', () => {
  it('aborts the signal of a call it gives up on, with the TimeoutError as its reason [resilience4j TimeLimiterTest shouldThrowTimeoutExceptionAndInvokeCancel] [cockatiel TimeoutPolicy.test properly aggressively cancels]', async () => {
    let signal: AbortSignal | undefined;
    const call = protect(
      () => {
        signal = currentSignal();
        return hang();
      },
      [timeout({ ms: 500, context: 'start' })],
      { runtime: env.runtime, name: 'dep' },
    );
    const result = outcomeOf(call());
    await env.clock.advanceAsync(500);
    const error = await result;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe(error);
  });

  it('leaves the signal of a call that answered in time unaborted [cockatiel TimeoutPolicy.test aborts on return by default] [resilience4j TimeLimiterTest shouldReturnResult]', async () => {
    let signal: AbortSignal | undefined;
    const call = protect(
      () => {
        signal = currentSignal();
        return after(100, 'ok');
      },
      [timeout({ ms: 500, context: 'start' })],
      { runtime: env.runtime, name: 'dep' },
    );
    const result = call();
    await env.clock.advanceAsync(100);
    await expect(result).resolves.toBe('ok');
    await env.clock.advanceAsync(1_000);
    expect(signal?.aborted).toBe(false);
  });

  it("fails with the caller's cancellation, not a timeout, when the caller cancels first [Polly TimeoutResilienceStrategyTests Execute_Cancelled_EnsureNoTimeout] [Polly TimeoutResilienceStrategyTests Execute_CallerCancellation_EnsureExceptionCarriesCallerToken] [cockatiel TimeoutPolicy.test links parent cancellation token]", async () => {
    const expired: TimeoutExpiredEvent[] = [];
    let signal: AbortSignal | undefined;
    const call = protect(
      () => {
        signal = currentSignal();
        return hang();
      },
      [timeout({ ms: 500, onTimeout: (event) => expired.push(event) })],
      { runtime: env.runtime, name: 'dep' },
    );
    const controller = new AbortController();
    const result = outcomeOf(runInContext({ signal: controller.signal }, () => call()));
    await env.clock.advanceAsync(100);
    const reason = new Error('the user closed the page');
    controller.abort(reason);
    const error = await result;
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as CancelledError).cause).toBe(reason);
    expect(signal?.aborted).toBe(true);
    await env.clock.advanceAsync(1_000);
    expect(expired).toEqual([]);
    expect(timeoutStatistics(env.runtime).get('dep')).toMatchObject({ timeouts: 0, cancelled: 1 });
  });

  it("keeps its own limit under a caller's signal that never aborts [cockatiel TimeoutPolicy.test still has own timeout if given parent]", async () => {
    const call = protect(hang, [timeout(500)], { runtime: env.runtime, name: 'dep' });
    const controller = new AbortController();
    const result = outcomeOf(runInContext({ signal: controller.signal }, () => call()));
    await env.clock.advanceAsync(500);
    expect(await result).toBeInstanceOf(TimeoutError);
  });

  it('calls onTimeout once with the limit that passed [Polly TimeoutResilienceStrategyTests Execute_EnsureOnTimeoutCalled] [opossum test.js Circuit Breaker timeout event emits latency]', async () => {
    const expired: TimeoutExpiredEvent[] = [];
    const call = protect(hang, [timeout({ ms: 250, onTimeout: (event) => expired.push(event) })], {
      runtime: env.runtime,
      name: 'dep',
    });
    const result = outcomeOf(call());
    await env.clock.advanceAsync(1_000);
    await result;
    expect(expired).toEqual([{ policy: 'dep', timeoutMs: 250 }]);
  });

  it('fails with a coded TimeoutError that names the policy and its limit [Polly TimeoutRejectedExceptionTests Ctor_Ok] [resilience4j TimeLimiterTest shouldThrowTimeoutExceptionWithCompletionStage]', async () => {
    const call = protect(hang, [timeout(300)], { runtime: env.runtime, name: 'dep' });
    const result = outcomeOf(call());
    await env.clock.advanceAsync(300);
    const error = await result;
    expect(TimeoutError.is(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'BALLAST_ERR_TIMEOUT',
      name: 'TimeoutError',
      timeoutMs: 300,
      message: 'dep: timed out after 300 ms.',
    });
  });

  it('counts timeouts, and passes a failure before the limit through without counting it [cockatiel TimeoutPolicy.test emits a failure event (aggressive)] [cockatiel TimeoutPolicy.test emits a timeout event (aggressive)]', async () => {
    const failure = new Error('refused');
    let calls = 0;
    const call = protect(() => (++calls === 1 ? Promise.reject(failure) : hang()), [timeout(300)], {
      runtime: env.runtime,
      name: 'dep',
    });
    expect(await outcomeOf(call())).toBe(failure);
    const timedOut = outcomeOf(call());
    await env.clock.advanceAsync(300);
    expect(await timedOut).toBeInstanceOf(TimeoutError);
    expect(timeoutStatistics(env.runtime).get('dep')).toMatchObject({ timeouts: 1 });
  });

  it('turns a failure after the limit into a TimeoutError with that failure as cause in cooperative mode [cockatiel TimeoutPolicy.test emits a timeout event (cooperative)] [Polly TimeoutResilienceStrategyTests Execute_Timeout]', async () => {
    const policy = resilience({
      name: 'dep',
      runtime: env.runtime,
      timeout: { ms: 200, mode: 'cooperative' },
    });
    const result = outcomeOf(
      policy.execute(
        ({ signal }) =>
          new Promise((_resolve, reject) =>
            signal!.addEventListener('abort', () => reject(new Error('stopped'))),
          ),
      ),
    );
    await env.clock.advanceAsync(200);
    const error = await result;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).cause).toEqual(new Error('stopped'));
  });

  it('limits a decorated method of a class bound in an inversify container [resilience4j TimeLimiterTest shouldThrowTimeoutExceptionAndInvokeCancel]', async () => {
    @injectable()
    class Geocoder {
      @Timeout(1_000)
      async lookup(address: string): Promise<string> {
        return address.length > 10 ? hang() : after(10, `${address}: 52.5,13.4`);
      }
    }
    const geocoder = env.fromContainer(Geocoder);
    const quick = geocoder.lookup('Berlin');
    const slow = outcomeOf(geocoder.lookup('somewhere far away'));
    await env.clock.advanceAsync(1_000);
    await expect(quick).resolves.toBe('Berlin: 52.5,13.4');
    expect(await slow).toBeInstanceOf(TimeoutError);
  });
});
