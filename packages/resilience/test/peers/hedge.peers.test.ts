import { beforeEach, describe, expect, it } from '@jest/globals';
import { ConfigError, currentRequestId, protect, runInContext } from '@ballast/core';
import {
  hedge,
  type HedgeFiredEvent,
  type HedgeOptions,
  hedgeStatistics,
  resilience,
} from '@ballast/resilience';
import { PendingCalls } from '../fixtures/pendingCalls.js';
import { outcomeOf } from '../outcomes.js';
import { manualRuntime } from './manualRuntime.js';

const env = manualRuntime();
let dependency: PendingCalls;

beforeEach(() => {
  dependency = new PendingCalls();
});

/** A hedged call at 50 ms, each call in a call context of its own as an HTTP layer starts. */
function hedged(options: Partial<HedgeOptions> = {}, fn = dependency.fn) {
  const call = protect(fn, [hedge({ idempotent: true, delayMs: 50, budget: false, ...options })], {
    runtime: env.runtime,
    name: 'stock',
  });
  return (id = 'r-1', signal?: AbortSignal): Promise<unknown> =>
    runInContext(signal === undefined ? { requestId: id } : { requestId: id, signal }, () =>
      call(id),
    );
}

function stats() {
  return hedgeStatistics(env.runtime).get('stock')!;
}

const primaryFailed = new Error('primary failed');
const hedgeFailed = new Error('hedge failed');

describe('Hedge against its peers', () => {
  it('answers with a fast hedge when the first attempt is slow [resilience4j HedgeImplCompletionStageBehaviorsTest "shouldReturnHedgeSuccessOnSlowPrimarySuccessFastHedgeSuccess"]', async () => {
    const outcome = outcomeOf(hedged()());
    await env.clock.advanceAsync(50);
    dependency.at(1).resolve('hedged');
    expect(await outcome).toBe('hedged');
    expect(stats()).toMatchObject({ hedged: 1, hedgeWins: 1, losersCancelled: 1 });
  });

  it('keeps waiting for a slow first attempt when the hedge fails fast, and answers with it [resilience4j HedgeImplCompletionStageBehaviorsTest "slowPrimarySuccessFastHedgeFailureReturnsHedgeFailure" — deliberate difference]', async () => {
    const outcome = outcomeOf(hedged()());
    await env.clock.advanceAsync(50);
    dependency.at(1).reject(hedgeFailed);
    await env.clock.advanceAsync(100);
    dependency.at(0).resolve('primary');
    expect(await outcome).toBe('primary');
    expect(stats()).toMatchObject({ hedged: 1, hedgeWins: 0 });
  });

  it('answers with a slow hedge when the slow first attempt fails before it [resilience4j HedgeImplCompletionStageBehaviorsTest "slowPrimaryFailureSlowHedgeSuccessReturnsPrimaryFailure" — deliberate difference]', async () => {
    const outcome = outcomeOf(hedged()());
    await env.clock.advanceAsync(50);
    dependency.at(0).reject(primaryFailed);
    await env.clock.advanceAsync(100);
    dependency.at(1).resolve('hedged');
    expect(await outcome).toBe('hedged');
  });

  it('fails with the first attempt’s error when every attempt fails, whichever failed last [resilience4j "slowPrimaryFailureFastHedgeFailureReturnsHedgeFailure", Polly HedgingResilienceStrategyTests "ExecuteAsync_ExceptionsHandled_ShouldThrowLastException" — deliberate difference]', async () => {
    const outcome = outcomeOf(hedged({ maxHedged: 2 })());
    await env.clock.advanceAsync(100);
    dependency.at(2).reject(new Error('second hedge failed'));
    dependency.at(1).reject(hedgeFailed);
    dependency.at(0).reject(primaryFailed);
    expect(await outcome).toBe(primaryFailed);
  });

  it('keeps the first attempt’s answer when it comes before the hedge’s [resilience4j "slowPrimarySuccessSlowHedgeSuccessReturnsPrimarySuccess", "slowPrimarySuccessSlowHedgeFailureReturnsPrimarySuccess"]', async () => {
    const outcome = outcomeOf(hedged()());
    await env.clock.advanceAsync(50);
    dependency.at(0).resolve('primary');
    expect(await outcome).toBe('primary');
    expect(dependency.at(1).signal?.aborted).toBe(true);
    expect(stats()).toMatchObject({ hedged: 1, hedgeWins: 0, losersCancelled: 1 });
  });

  it('sends no hedge when the first attempt fails before the delay [resilience4j "fastPrimaryFailureDoesNotHedge"; Polly hedges on a handled failure — deliberate difference]', async () => {
    const outcome = outcomeOf(hedged()());
    dependency.at(0).reject(primaryFailed);
    expect(await outcome).toBe(primaryFailed);
    await env.clock.advanceAsync(1_000);
    expect(dependency.calls).toHaveLength(1);
    expect(stats().hedged).toBe(0);
  });

  it('hedges once, at 2 s, by default until it has seen enough latencies [Polly HedgingStrategyOptionsTests "Ctor_EnsureDefaults"]', async () => {
    const call = protect(dependency.fn, [hedge({ idempotent: true, budget: false })], {
      runtime: env.runtime,
      name: 'stock',
    });
    const outcome = outcomeOf(runInContext({}, () => call()));
    await env.clock.advanceAsync(1_999);
    expect(dependency.calls).toHaveLength(1);
    await env.clock.advanceAsync(1);
    expect(dependency.calls).toHaveLength(2);
    await env.clock.advanceAsync(60_000);
    expect(dependency.calls).toHaveLength(2);
    dependency.at(0).resolve('primary');
    expect(await outcome).toBe('primary');
    expect(stats().delayMs).toBe(2_000);
  });

  it('sends every attempt at once with a zero delay [Polly HedgingResilienceStrategyTests "ExecuteAsync_ZeroHedgingDelay_EnsureAllTasksSpawnedAtOnce"]', async () => {
    const outcome = outcomeOf(hedged({ delayMs: 0, maxHedged: 3 })());
    await env.clock.advanceAsync(0);
    expect(dependency.calls).toHaveLength(4);
    dependency.at(3).resolve('last');
    expect(await outcome).toBe('last');
  });

  it('sends hedges one delay apart up to maxHedged, never more [Polly HedgingResilienceStrategyTests "ExecuteAsync_ShouldReturnAnyPossibleResult"]', async () => {
    const outcome = outcomeOf(hedged({ maxHedged: 2 })());
    await env.clock.advanceAsync(50);
    expect(dependency.calls).toHaveLength(2);
    await env.clock.advanceAsync(50);
    expect(dependency.calls).toHaveLength(3);
    await env.clock.advanceAsync(10_000);
    expect(dependency.calls).toHaveLength(3);
    dependency.at(1).resolve('first hedge');
    expect(await outcome).toBe('first hedge');
  });

  it('cancels every other attempt, the first one included, when a hedge wins [Polly "ExecuteAsync_EnsureHedgedTasksCancelled_Ok", "ExecuteAsync_EnsurePrimaryTaskCancelled_Ok"]', async () => {
    const outcome = outcomeOf(hedged({ maxHedged: 2 })());
    await env.clock.advanceAsync(100);
    dependency.at(2).resolve('second hedge');
    expect(await outcome).toBe('second hedge');
    expect(dependency.calls.map((call) => call.signal?.aborted)).toEqual([true, true, false]);
    expect(dependency.at(0).signal?.reason).toMatchObject({ code: 'BALLAST_ERR_CANCELLED' });
    expect(stats()).toMatchObject({ losersCancelled: 2, hedgeWins: 1 });
  });

  it('leaves the winner’s signal alone, so work it started in the background goes on [Polly "ExecuteAsync_EnsureBackgroundWorkInSuccessfulCallNotCancelled"]', async () => {
    const outcome = outcomeOf(hedged()());
    await env.clock.advanceAsync(50);
    dependency.at(1).resolve('hedged');
    await outcome;
    await env.clock.advanceAsync(60_000);
    expect(dependency.at(1).signal?.aborted).toBe(false);
  });

  it('gives every attempt a signal of its own in the caller’s context [Polly "ExecuteAsync_EveryHedgedTaskShouldHaveDifferentContexts", "ExecuteAsync_EnsurePrimaryContextFlows"]', async () => {
    const seen: (string | undefined)[] = [];
    const call = hedged({}, (...args: unknown[]) => {
      seen.push(currentRequestId());
      return dependency.fn(...args);
    });
    const outcome = outcomeOf(call('req-7'));
    await env.clock.advanceAsync(50);
    const [first, second] = dependency.calls;
    expect(seen).toEqual(['req-7', 'req-7']);
    expect(first!.signal).toBeDefined();
    expect(first!.signal).not.toBe(second!.signal);
    second!.resolve('ok');
    await outcome;
  });

  it('cancels every attempt and fails with CancelledError when the caller aborts [Polly "ExecuteAsync_CancellationLinking_Ok"]', async () => {
    const controller = new AbortController();
    const outcome = outcomeOf(hedged({ maxHedged: 2 })('r-1', controller.signal));
    await env.clock.advanceAsync(50);
    controller.abort();
    expect(await outcome).toMatchObject({ code: 'BALLAST_ERR_CANCELLED' });
    expect(dependency.calls.map((call) => call.signal?.aborted)).toEqual([true, true]);
    await env.clock.advanceAsync(1_000);
    expect(dependency.calls).toHaveLength(2);
    expect(stats().cancelled).toBe(1);
  });

  it('runs no attempt for a caller that already aborted [Polly "Execute_CancellationRequested_Throws"]', async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = await outcomeOf(hedged()('r-1', controller.signal));
    expect(outcome).toMatchObject({ code: 'BALLAST_ERR_CANCELLED' });
    expect(dependency.calls).toHaveLength(0);
  });

  it('tells the hook which hedge is sent and after what delay [Polly "ExecuteAsync_EnsureOnHedgingCalled", OnHedgingArgumentsTests]', async () => {
    const fired: HedgeFiredEvent[] = [];
    const outcome = outcomeOf(hedged({ maxHedged: 2, onHedge: (event) => fired.push(event) })());
    await env.clock.advanceAsync(100);
    expect(fired).toEqual([
      { policy: 'stock', hedge: 1, delayMs: 50 },
      { policy: 'stock', hedge: 2, delayMs: 50 },
    ]);
    dependency.at(0).resolve('primary');
    await outcome;
  });

  it('counts a throwing hook and still sends the hedge and answers [resilience4j HedgeImplTest "shouldHandleConsumerErrors"; Polly rethrows — deliberate difference]', async () => {
    const outcome = outcomeOf(
      hedged({
        onHedge: () => {
          throw new Error('bad hook');
        },
      })(),
    );
    await env.clock.advanceAsync(50);
    expect(dependency.calls).toHaveLength(2);
    dependency.at(1).resolve('hedged');
    expect(await outcome).toBe('hedged');
    expect(stats().hookErrors).toBe(1);
  });

  it('treats a hedged attempt that throws synchronously as a failed attempt while the first is pending [resilience4j HedgeImplFutureBehaviorsTest]', async () => {
    let calls = 0;
    const call = hedged({}, (...args: unknown[]) => {
      if (++calls === 2) throw new Error('could not start');
      return dependency.fn(...args);
    });
    const outcome = outcomeOf(call());
    await env.clock.advanceAsync(50);
    expect(calls).toBe(2);
    dependency.at(0).resolve('primary');
    expect(await outcome).toBe('primary');
  });

  it('hedges executions of a reusable policy with the attempt’s signal [Polly HedgingResilienceStrategyTests "ExecuteAsync_EnsurePropertiesConsistency"]', async () => {
    const policy = resilience({
      name: 'stock',
      runtime: env.runtime,
      hedge: { idempotent: true, delayMs: 50, budget: false },
    });
    const signals: (AbortSignal | undefined)[] = [];
    const outcome = outcomeOf(
      policy.execute(({ signal }) => {
        signals.push(signal);
        return dependency.fn();
      }),
    );
    await env.clock.advanceAsync(50);
    dependency.at(1).resolve('hedged');
    expect(await outcome).toBe('hedged');
    expect(signals).toHaveLength(2);
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[1]?.aborted).toBe(false);
  });

  it.each<[string, unknown]>([
    ['no idempotent mark', { delayMs: 5 }],
    ['idempotent as a string', { idempotent: 'true' }],
    ['maxHedged 0', { idempotent: true, maxHedged: 0 }],
    ['maxHedged 11', { idempotent: true, maxHedged: 11 }],
    ['fractional maxHedged', { idempotent: true, maxHedged: 1.5 }],
    ['a NaN delay', { idempotent: true, delayMs: Number.NaN }],
    ['an infinite delay', { idempotent: true, delayMs: Number.POSITIVE_INFINITY }],
    ['a delay as a string', { idempotent: true, delayMs: '50' }],
    ['a percentile of 100', { idempotent: true, delayMs: { percentile: 100 } }],
    ['null options', null],
  ])(
    'refuses %s with BALLAST_ERR_CONFIG at decoration [Polly HedgingStrategyOptionsTests]',
    (_what, options) => {
      expect(() => hedge(options as HedgeOptions)).toThrow(ConfigError);
    },
  );
});
