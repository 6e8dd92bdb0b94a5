import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { CancelledError, protect } from '@ballast/core';
import {
  type BreakerStateEvent,
  breakerRegistry,
  breakerStatistics,
  CircuitBreaker,
  circuitBreaker,
  type CircuitBreakerOptions,
  CircuitOpenError,
  resilience,
  TimeoutError,
  timeout,
} from '@ballast/resilience';
import { injectable } from 'inversify';
import { hang, outcomeOf } from '../outcomes.js';
import { manualRuntime } from './manualRuntime.js';

class BusinessError extends Error {}

const env = manualRuntime();

/**
 * A dependency behind a breaker named `dep`: `fail` and `succeed` make one call each, `slow`
 * one that takes `ms` of env.clock time; `transitions` lists the breaker's state changes.
 */
function guarded(options: CircuitBreakerOptions) {
  const transitions: string[] = [];
  let calls = 0;
  const call = protect(
    async (outcome: unknown, ms = 0): Promise<unknown> => {
      calls++;
      if (ms > 0) await new Promise((resolve) => env.clock.setTimer(() => resolve(undefined), ms));
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
    [
      circuitBreaker({
        ...options,
        onStateChange: (event: BreakerStateEvent) =>
          transitions.push(`${event.from}->${event.to} (${event.reason})`),
      }),
    ],
    { runtime: env.runtime, name: 'dep' },
  );
  const run = async (times: number, outcome: unknown): Promise<unknown[]> => {
    const results: unknown[] = [];
    for (let i = 0; i < times; i++) results.push(await outcomeOf(call(outcome)));
    return results;
  };
  return {
    call,
    transitions,
    calls: () => calls,
    succeed: (times = 1) => run(times, 'ok'),
    fail: (times = 1, error: unknown = new Error('down')) => run(times, error),
    slow: async (ms: number, outcome: unknown = 'ok') => {
      const result = outcomeOf(call(outcome, ms));
      await env.clock.advanceAsync(ms);
      return result;
    },
    state: () => breakerRegistry(env.runtime).state('dep'),
    statistics: () => breakerStatistics(env.runtime).get('dep')!,
  };
}

/** A policy named `dep` whose breaker has just half-opened, with one probe to give. */
async function halfOpenPolicy(): Promise<ReturnType<typeof resilience>> {
  const policy = resilience({
    name: 'dep',
    runtime: env.runtime,
    circuitBreaker: {
      window: 'consecutive',
      consecutiveFailures: 1,
      halfOpenProbes: 1,
      openDuration: 1_000,
    },
  });
  await outcomeOf(policy.execute(() => Promise.reject(new Error('down'))));
  await env.clock.advanceAsync(1_000);
  return policy;
}

const small = { windowSize: 5, minimumCalls: 5, openDuration: 1_000, halfOpenProbes: 4 } as const;

describe('CircuitBreaker, as the peers test it', () => {
  it('refuses every call while forced open, with an endless retryAfterMs and without calling the method [resilience4j CircuitBreakerStateMachineTest shouldThrowCallNotPermittedExceptionWhenStateIsForcedOpen] [Polly CircuitStateControllerTests IsolateAsync_Ok]', async () => {
    const dep = guarded(small);
    breakerRegistry(env.runtime).forceOpen('dep');
    const refused = await outcomeOf(dep.call('ok'));
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect(refused).toMatchObject({ state: 'FORCED_OPEN', retryAfterMs: Infinity });
    await env.clock.advanceAsync(60 * 60_000);
    expect(await outcomeOf(dep.call('ok'))).toBeInstanceOf(CircuitOpenError);
    expect(dep.calls()).toBe(0);
    expect(dep.statistics().calls.notPermitted).toBe(2);
  });

  it("ends an isolation with an operator's close, after which calls pass [Polly CircuitStateControllerTests BreakAsync_Ok] [Polly CircuitBreakerManualControlTests ResetAsync_NotInitialized_Ok]", async () => {
    const dep = guarded(small);
    const registry = breakerRegistry(env.runtime);
    registry.forceOpen('dep');
    registry.close('dep');
    await expect(dep.call('ok')).resolves.toBe('ok');
    expect(dep.transitions).toEqual([
      'CLOSED->FORCED_OPEN (manual)',
      'FORCED_OPEN->CLOSED (manual)',
    ]);
  });

  it('ends any number of isolations with one close: forcing open is not reference-counted [cockatiel CircuitBreakerPolicy.test handles isolation correctly]', async () => {
    const dep = guarded(small);
    const registry = breakerRegistry(env.runtime);
    registry.forceOpen('dep');
    registry.forceOpen('dep');
    registry.close('dep');
    await expect(dep.call('ok')).resolves.toBe('ok');
  });

  it('stays closed below minimumCalls even when every call fails [cockatiel CountBreaker.test does not open as long as the minimum number of calls has not been reached]', async () => {
    const dep = guarded(small);
    await dep.fail(4);
    expect(dep.state()).toBe('CLOSED');
    expect(dep.statistics().window).toMatchObject({ calls: 4, failed: 4, failureRate: 100 });
  });

  it('refuses a call whose key function throws with that error, as a rejected promise, counted by no breaker [hostile input]', async () => {
    const dep = guarded({
      ...small,
      key: ([outcome]) => {
        if (outcome === 'no key') throw new TypeError('no tenant');
        return 'tenant';
      },
    });
    let refused: Promise<unknown> | undefined;
    expect(() => (refused = dep.call('no key'))).not.toThrow();
    expect(await outcomeOf(refused!)).toMatchObject({ name: 'TypeError', message: 'no tenant' });
    expect(dep.calls()).toBe(0);
    await expect(dep.call('ok')).resolves.toBe('ok');
    expect(dep.statistics().calls).toMatchObject({ successful: 1, failed: 0 });
  });

  it('keeps showing the window that opened it while open, and the probes while half-open [resilience4j CircuitBreakerStateMachine: the open state keeps the metrics of the closed window]', async () => {
    const dep = guarded(small);
    await dep.succeed(1);
    await dep.fail(4);
    expect(dep.state()).toBe('OPEN');
    expect(dep.statistics().window).toEqual({
      calls: 5,
      failed: 4,
      slow: 0,
      failureRate: 80,
      slowCallRate: 0,
    });
    await env.clock.advanceAsync(1_000);
    await dep.succeed(1);
    expect(dep.state()).toBe('HALF_OPEN');
    expect(dep.statistics().window).toMatchObject({ calls: 1, failed: 0, failureRate: 0 });
  });

  it('slides a count window: opens once an eviction lifts the failure rate to the threshold [resilience4j CircuitBreakerStateMachineTest shouldOpenAfterFailureRateThresholdExceeded] [cockatiel CountBreaker.test does not open when the minimum number of calls has been reached but the threshold has not been surpassed]', async () => {
    const dep = guarded({ ...small, failureRateThreshold: 50 });
    await dep.succeed(3);
    await dep.fail(2);
    expect(dep.state()).toBe('CLOSED');
    expect(dep.statistics().window).toEqual({
      calls: 5,
      failed: 2,
      slow: 0,
      failureRate: 40,
      slowCallRate: 0,
    });
    await dep.fail(); // the oldest success leaves: 3 of 5 failed
    expect(dep.state()).toBe('OPEN');
    expect(dep.transitions).toEqual(['CLOSED->OPEN (failures)']);
  });

  it('reports the slow-call rate of its window [resilience4j CircuitBreakerStateMachineTest shouldOpenAfterSlowCallRateThresholdExceededUsingMockClock]', async () => {
    const dep = guarded({ ...small, slowCallDuration: 100, slowCallRateThreshold: 60 });
    await dep.slow(150);
    await dep.slow(150);
    await dep.succeed(2);
    expect(dep.statistics().window).toMatchObject({ calls: 4, slow: 2, slowCallRate: 50 });
    await dep.slow(100); // at slowCallDuration exactly: slow
    expect(dep.state()).toBe('OPEN');
  });

  it('forgets failures older than its time window [Polly RollingHealthMetricsTests GetHealthInfo_EnsureWindowRespected] [cockatiel SamplingBreaker.test calculates rps correctly over time]', async () => {
    const dep = guarded({
      window: 'time',
      windowDuration: 10_000,
      windowBuckets: 10,
      minimumCalls: 4,
      openDuration: 1_000,
    });
    await dep.fail(3);
    await env.clock.advanceAsync(10_000);
    await dep.fail(3);
    expect(dep.state()).toBe('CLOSED');
    expect(dep.statistics().window).toMatchObject({ calls: 3, failed: 3 });
    await dep.fail();
    expect(dep.state()).toBe('OPEN');
  });

  it('does not judge a time window before minimumCalls calls [cockatiel SamplingBreaker.test does not start failing if below threshold rps]', async () => {
    const dep = guarded({ window: 'time', windowDuration: 10_000, minimumCalls: 10 });
    await dep.fail(9);
    expect(dep.state()).toBe('CLOSED');
  });

  it('refuses calls until the open duration has passed, and lets the first call after it probe [resilience4j CircuitBreakerStateMachineTest shouldTransitionToHalfOpenAfterWaitDuration] [opossum test.js Breaker resets after a configurable amount of time]', async () => {
    const dep = guarded(small);
    await dep.fail(5);
    await env.clock.advanceAsync(999);
    const refused = await outcomeOf(dep.call('ok'));
    expect(refused).toMatchObject({ state: 'OPEN', retryAfterMs: 1 });
    await env.clock.advanceAsync(1);
    await expect(dep.call('ok')).resolves.toBe('ok');
    expect(dep.state()).toBe('HALF_OPEN');
    expect(dep.calls()).toBe(6);
  });

  it('reads OPEN after its open duration until the next call half-opens it, with no timer of its own [resilience4j CircuitBreakerAutoTransitionStateMachineTest testAutoTransition]', async () => {
    const dep = guarded(small);
    await dep.fail(5);
    expect(env.clock.pendingTimers).toBe(0);
    await env.clock.advanceAsync(5_000);
    expect(dep.state()).toBe('OPEN');
    await dep.succeed();
    expect(dep.transitions).toEqual(['CLOSED->OPEN (failures)', 'OPEN->HALF_OPEN (open-elapsed)']);
  });

  it('closes when the probes fail below the threshold [resilience4j CircuitBreakerStateMachineTest shouldTransitionBackToClosedStateWhenFailureIsBelowThreshold]', async () => {
    const dep = guarded(small);
    await dep.fail(5);
    await env.clock.advanceAsync(1_000);
    await dep.fail();
    await dep.succeed(3);
    expect(dep.state()).toBe('CLOSED');
  });

  it('reopens when slow probes reach the slow-call threshold [resilience4j CircuitBreakerStateMachineTest shouldTransitionBackToOpenStateWhenSlowCallRateIsAboveThreshold]', async () => {
    const dep = guarded({ ...small, slowCallDuration: 100, slowCallRateThreshold: 50 });
    await dep.fail(5);
    await env.clock.advanceAsync(1_000);
    await dep.slow(200);
    expect(dep.state()).toBe('HALF_OPEN');
    await dep.slow(200);
    expect(dep.state()).toBe('OPEN');
    expect(dep.transitions.at(-1)).toBe('HALF_OPEN->OPEN (probe-failed)');
  });

  it('reopens on one failed probe whatever minimumCalls says [opossum volume-threshold-test volume threshold does not affect halfOpen state]', async () => {
    const dep = guarded({
      windowSize: 10,
      minimumCalls: 10,
      openDuration: 1_000,
      halfOpenProbes: 1,
    });
    await dep.fail(10);
    await env.clock.advanceAsync(1_000);
    await dep.fail();
    expect(dep.state()).toBe('OPEN');
  });

  it('lets one probe through and refuses the calls that arrive while it runs [cockatiel CircuitBreakerPolicy.test dedupes half-open tests] [opossum half-open-test When half-open, the circuit only allows one request through] [Polly CircuitStateControllerTests OnActionPreExecute_HalfOpen]', async () => {
    const dep = guarded({ ...small, halfOpenProbes: 1 });
    await dep.fail(5);
    await env.clock.advanceAsync(1_000);
    const probe = dep.slow(50);
    const others = await Promise.all([outcomeOf(dep.call('ok')), outcomeOf(dep.call('ok'))]);
    expect(others.map((other) => (other as CircuitOpenError).state)).toEqual([
      'HALF_OPEN',
      'HALF_OPEN',
    ]);
    // Come back when the probe must have settled: halfOpenMaxWait (60 s by default) at most.
    expect((others[0] as CircuitOpenError).retryAfterMs).toBe(60_000);
    await expect(probe).resolves.toBe('ok');
    expect(dep.state()).toBe('CLOSED');
    expect(dep.calls()).toBe(6);
  });

  it('gives a cancelled probe its permit back, so the next call probes [cockatiel CircuitBreakerPolicy.test respects signal cancellation when execute() is called during HalfOpen state]', async () => {
    const policy = await halfOpenPolicy();
    const controller = new AbortController();
    const probe = outcomeOf(
      policy.execute(
        ({ signal }) =>
          new Promise((_resolve, reject) =>
            signal!.addEventListener('abort', () => reject(signal!.reason as Error)),
          ),
        { signal: controller.signal },
      ),
    );
    controller.abort(new Error('user left'));
    expect(await probe).toEqual(new Error('user left'));
    expect(breakerStatistics(env.runtime).get('dep')!.calls).toMatchObject({
      cancelled: 1,
      failed: 1,
    });
    await expect(policy.execute(() => Promise.resolve('ok'))).resolves.toBe('ok');
    expect(breakerRegistry(env.runtime).state('dep')).toBe('CLOSED');
  });

  it('passes every call and never opens while disabled [opossum enable-disable-test When disabled the circuit should always be closed] [resilience4j CircuitBreakerStateMachineTest shouldDisableCircuitBreaker]', async () => {
    const dep = guarded({ ...small, initialState: 'DISABLED' });
    const results = await dep.fail(20);
    expect(results.every((result) => !CircuitOpenError.is(result))).toBe(true);
    expect(dep.calls()).toBe(20);
    expect(dep.state()).toBe('DISABLED');
    expect(dep.statistics().calls.failed).toBe(0);
  });

  it('counts failures in metrics-only mode but never opens or refuses [resilience4j CircuitBreakerStateMachineTest shouldRecordMetricsInMetricsOnlyState] [resilience4j CircuitBreakerStateMachineTest circuitBreakerInitializeInMetricOnlyState]', async () => {
    const dep = guarded({ ...small, initialState: 'METRICS_ONLY' });
    await dep.fail(10);
    expect(dep.state()).toBe('METRICS_ONLY');
    expect(dep.calls()).toBe(10);
    expect(dep.statistics().calls).toMatchObject({ failed: 10, notPermitted: 0 });
    expect(dep.statistics().window).toMatchObject({ calls: 5, failureRate: 100 });
    expect(dep.transitions).toEqual([]);
  });

  it('refuses the first call when it starts forced open [resilience4j CircuitBreakerStateMachineTest circuitBreakerInitializeInOpenState]', async () => {
    const dep = guarded({ ...small, initialState: 'FORCED_OPEN' });
    expect(await outcomeOf(dep.call('ok'))).toBeInstanceOf(CircuitOpenError);
    expect(dep.calls()).toBe(0);
  });

  it('treats a transition to its own state as no change, without an event [resilience4j CircuitBreakerStateMachineTest allCircuitBreakerStatesAllowTransitionToItsOwnState]', async () => {
    const dep = guarded(small);
    const registry = breakerRegistry(env.runtime);
    for (const state of ['CLOSED', 'FORCED_OPEN', 'FORCED_OPEN', 'DISABLED', 'DISABLED'] as const)
      registry.transitionTo('dep', state);
    expect(dep.transitions).toEqual([
      'CLOSED->FORCED_OPEN (manual)',
      'FORCED_OPEN->DISABLED (manual)',
    ]);
  });

  it('empties its window on reset without announcing a transition when already closed [resilience4j CircuitBreakerStateMachineTest shouldResetMetrics] [resilience4j CircuitBreakerStateMachineTest circuitBreakerDoesNotPublishStateTransitionEventsForInternalTransitions]', async () => {
    const dep = guarded(small);
    await dep.fail(4);
    breakerRegistry(env.runtime).reset('dep');
    expect(dep.statistics().window).toMatchObject({ calls: 0, failureRate: 0 });
    await dep.fail(4);
    expect(dep.state()).toBe('CLOSED');
    expect(dep.transitions).toEqual([]);
  });

  it('never opens on ignored errors, and hands them to the caller unchanged [resilience4j CircuitBreakerExceptionHandlingTest shouldIgnoreNumberFormatException] [opossum error-filter-test Bypasses failure stats if errorFilter returns true]', async () => {
    const dep = guarded({ ...small, ignore: (error) => error instanceof BusinessError });
    const error = new BusinessError('no such order');
    const results = await dep.fail(10, error);
    expect(results.every((result) => result === error)).toBe(true);
    expect(dep.state()).toBe('CLOSED');
    expect(dep.statistics().calls).toMatchObject({ ignored: 10, failed: 0 });
  });

  it('closes when a probe fails with an error recordOn does not count [opossum half-open-test When half-open, a filtered error should close the circuit]', async () => {
    const dep = guarded({
      ...small,
      halfOpenProbes: 1,
      recordOn: (error) => !(error instanceof BusinessError),
    });
    await dep.fail(5);
    await env.clock.advanceAsync(1_000);
    await dep.fail(1, new BusinessError('no such order'));
    expect(dep.state()).toBe('CLOSED');
  });

  it('refuses calls with the failure that opened the circuit as the cause [Polly CircuitStateControllerTests OnActionPreExecute_CircuitOpenedByException]', async () => {
    const dep = guarded(small);
    await dep.fail(4);
    const opening = new Error('connection refused');
    await dep.fail(1, opening);
    expect(((await outcomeOf(dep.call('ok'))) as CircuitOpenError).cause).toBe(opening);
  });

  it('counts chosen results as failures and still returns them [resilience4j CircuitBreakerResultHandlingTest shouldRecordSpecificStringResultAsAFailureAndAnyOtherAsSuccess] [Polly CircuitBreakerResilienceStrategyTests Execute_HandledResult_OnFailureCalled]', async () => {
    const dep = guarded({ ...small, failOnResult: (value) => value === 'FAILURE' });
    await dep.succeed(2);
    const returned = await dep.fail(3, 'FAILURE');
    expect(returned).toEqual(['FAILURE', 'FAILURE', 'FAILURE']);
    expect(dep.state()).toBe('OPEN');
    expect(((await outcomeOf(dep.call('ok'))) as CircuitOpenError).cause).toBe('FAILURE');
  });

  it('grows its open duration on each failed trial and starts over after it closes [cockatiel CircuitBreakerPolicy.test resets the backoff when closing the circuit]', async () => {
    const dep = guarded({
      window: 'consecutive',
      consecutiveFailures: 1,
      halfOpenProbes: 1,
      openDuration: { initial: 1_000, max: 8_000 },
    });
    const retryAfter = async () =>
      ((await outcomeOf(dep.call('ok'))) as CircuitOpenError).retryAfterMs;
    await dep.fail();
    expect(await retryAfter()).toBe(1_000);
    await env.clock.advanceAsync(1_000);
    await dep.fail(); // failed trial
    expect(await retryAfter()).toBe(2_000);
    await env.clock.advanceAsync(2_000);
    await dep.succeed(); // closes
    await dep.fail();
    expect(await retryAfter()).toBe(1_000);
  });

  it('goes closed, open, half-open, open, half-open, closed, announcing each change with its reason [Polly CircuitStateControllerTests Flow_Closed_HalfOpen_Open_HalfOpen_Closed]', async () => {
    const dep = guarded({ ...small, halfOpenProbes: 1 });
    await dep.fail(5);
    await env.clock.advanceAsync(1_000);
    await dep.fail();
    await env.clock.advanceAsync(1_000);
    await dep.succeed();
    expect(dep.transitions).toEqual([
      'CLOSED->OPEN (failures)',
      'OPEN->HALF_OPEN (open-elapsed)',
      'HALF_OPEN->OPEN (probe-failed)',
      'OPEN->HALF_OPEN (open-elapsed)',
      'HALF_OPEN->CLOSED (probes-passed)',
    ]);
  });

  it('counts a timeout below it as a failure [opossum test.js Fails when the circuit function times out]', async () => {
    const call = protect(
      hang,
      [circuitBreaker({ ...small, minimumCalls: 2, windowSize: 2 }), timeout(100)],
      {
        runtime: env.runtime,
        name: 'dep',
      },
    );
    for (let i = 0; i < 2; i++) {
      const result = outcomeOf(call());
      await env.clock.advanceAsync(100);
      expect(await result).toBeInstanceOf(TimeoutError);
    }
    expect(await outcomeOf(call())).toBeInstanceOf(CircuitOpenError);
  });

  it('opens a decorated method of a class bound in an inversify container [resilience4j CircuitBreakerStateMachineTest shouldOpenAfterFailureRateThresholdExceeded2]', async () => {
    @injectable()
    class Ledger {
      calls = 0;
      @CircuitBreaker({ window: 'consecutive', consecutiveFailures: 3, openDuration: 1_000 })
      async balance(): Promise<number> {
        this.calls++;
        throw new Error('ledger down');
      }
    }
    const ledger = env.fromContainer(Ledger);
    for (let i = 0; i < 3; i++) await outcomeOf(ledger.balance());
    expect(await outcomeOf(ledger.balance())).toBeInstanceOf(CircuitOpenError);
    expect(ledger.calls).toBe(3);
  });
  it('refuses a call whose caller already cancelled without using the half-open probe [cockatiel CircuitBreakerPolicy.test aborts function execution if half open test succeeds]', async () => {
    const policy = await halfOpenPolicy();
    const cancelled = AbortSignal.abort(new Error('gone'));
    let ran = false;
    const refused = await outcomeOf(
      policy.execute(
        () => {
          ran = true;
          return Promise.resolve('never');
        },
        { signal: cancelled },
      ),
    );
    expect(refused).toBeInstanceOf(CancelledError);
    expect(ran).toBe(false);
    await expect(policy.execute(() => Promise.resolve(42))).resolves.toBe(42);
    expect(breakerRegistry(env.runtime).state('dep')).toBe('CLOSED');
  });

  it('starts an empty window when switched to metrics-only [resilience4j CircuitBreakerStateMachineTest shouldResetMetricsAfterMetricsOnlyStateTransition]', async () => {
    const dep = guarded(small);
    await dep.fail(3);
    breakerRegistry(env.runtime).metricsOnly('dep');
    expect(dep.statistics().window).toMatchObject({ calls: 0, failed: 0 });
    await dep.fail(2);
    expect(dep.statistics().window).toMatchObject({ calls: 2, failed: 2 });
  });

  it('announces an opening with how long it stays open [Polly OnCircuitOpenedArgumentsTests Ctor_Ok]', async () => {
    const events: BreakerStateEvent[] = [];
    const call = protect(
      () => Promise.reject(new Error('down')),
      [
        circuitBreaker({
          window: 'consecutive',
          consecutiveFailures: 1,
          openDuration: 4_000,
          onStateChange: (event) => events.push(event),
        }),
      ],
      { runtime: env.runtime, name: 'dep' },
    );
    await outcomeOf(call());
    expect(events).toEqual([
      {
        name: 'dep',
        key: undefined,
        from: 'CLOSED',
        to: 'OPEN',
        reason: 'failures',
        retryAfterMs: 4_000,
      },
    ]);
  });
  it('sizes each opening with a function of its opening count [cockatiel CircuitBreakerPolicy.test uses the given backoff factory to decide whether to enter the half open state] [resilience4j CircuitBreakerStateMachineTest shouldTransitionToHalfOpenAfterWaitInterval] [Polly CircuitStateControllerTests BreakDurationGenerator_EnsureHalfOpenAttempts]', async () => {
    const openings: number[] = [];
    const dep = guarded({
      window: 'consecutive',
      consecutiveFailures: 1,
      halfOpenProbes: 1,
      openDuration: ({ openCount }) => {
        openings.push(openCount);
        return openCount * 1_500;
      },
    });
    await dep.fail();
    await env.clock.advanceAsync(1_499);
    expect(await outcomeOf(dep.call('ok'))).toMatchObject({ state: 'OPEN', retryAfterMs: 1 });
    await env.clock.advanceAsync(1);
    await dep.fail(); // failed trial
    expect(await outcomeOf(dep.call('ok'))).toMatchObject({ retryAfterMs: 3_000 });
    expect(openings).toEqual([1, 2]);
  });

  it('opens for as long as the failure that opened it asks [Polly CircuitStateControllerTests OnActionFailureAsync_EnsureBreakDurationGeneration]', async () => {
    const throttled = Object.assign(new Error('429 Too Many Requests'), { retryAfterMs: 7_000 });
    const dep = guarded({
      window: 'consecutive',
      consecutiveFailures: 1,
      openDuration: ({ cause }) => (cause as { retryAfterMs?: number }).retryAfterMs ?? 1_000,
    });
    await dep.fail(1, throttled);
    expect(await outcomeOf(dep.call('ok'))).toMatchObject({ retryAfterMs: 7_000 });
  });

  it('keeps an opening finite and real whatever its function returns or throws [Polly CircuitStateControllerTests OnActionFailureAsync_EnsureBreakDurationNotOverflow]', async () => {
    let breakers = 0;
    const retryAfterFor = async (openDuration: () => number): Promise<number> => {
      const dep = guarded({
        name: `dep-${++breakers}`,
        window: 'consecutive',
        consecutiveFailures: 1,
        openDuration,
      });
      await dep.fail();
      return ((await outcomeOf(dep.call('ok'))) as CircuitOpenError).retryAfterMs;
    };
    expect(await retryAfterFor(() => Infinity)).toBe(86_400_000);
    expect(await retryAfterFor(() => -5)).toBe(1);
    expect(await retryAfterFor(() => NaN)).toBe(30_000);
    expect(
      await retryAfterFor(() => {
        throw new Error('bug');
      }),
    ).toBe(30_000);
  });
  it('stays open when a call admitted before it opened succeeds afterwards [opossum closed-test When open, an existing request resolving does not close circuit]', async () => {
    const dep = guarded({ window: 'consecutive', consecutiveFailures: 1, openDuration: 60_000 });
    const early = outcomeOf(dep.call('ok', 100));
    await dep.fail();
    expect(dep.state()).toBe('OPEN');
    await env.clock.advanceAsync(100);
    expect(await early).toBe('ok');
    expect(dep.state()).toBe('OPEN');
    expect(await outcomeOf(dep.call('ok'))).toBeInstanceOf(CircuitOpenError);
  });
});
