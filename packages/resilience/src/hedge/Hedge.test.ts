import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  CancelledError,
  ConfigError,
  createRuntime,
  currentDeadline,
  currentRequestId,
  protect,
  type Runtime,
  runInContext,
  SyncUnsupportedError,
  weave,
} from '@ballast/core';
import { ManualClock } from '@ballast/testing';
import { PendingCalls } from '../../test/fixtures/pendingCalls.js';
import { outcomeOf } from '../../test/outcomes.js';
import { breakerStatistics } from '../circuit-breaker/BreakerRegistry.js';
import { circuitBreaker } from '../circuit-breaker/CircuitBreaker.js';
import { CircuitOpenError } from '../circuit-breaker/CircuitOpenError.js';
import { retry } from '../retry/Retry.js';
import { ConstantBackoff } from '../retry/backoff/ConstantBackoff.js';
import { Hedge, hedge } from './Hedge.js';
import type { HedgeOptions } from './HedgeOptions.js';
import { hedgeStatistics } from './HedgeStatistics.js';

describe('Hedge', () => {
  let clock: ManualClock;
  let runtime: Runtime;
  let dependency: PendingCalls;
  let events: unknown[];

  beforeEach(() => {
    clock = new ManualClock(1_000);
    runtime = createRuntime({ clock });
    dependency = new PendingCalls();
    events = [];
    for (const type of ['hedge.fired', 'hedge.won', 'hedge.budget-exhausted'] as const)
      runtime.events.on(type, (event) => events.push({ type, ...event }));
  });
  afterEach(() => runtime.dispose());

  function hedged(options: Partial<HedgeOptions> = {}, more = [] as ReturnType<typeof retry>[]) {
    const call = protect(
      dependency.fn,
      [hedge({ idempotent: true, delayMs: 50, budget: false, ...options }), ...more],
      { runtime, name: 'stock' },
    );
    // A call context per call, as an HTTP layer starts: the method sees its attempt's signal.
    return (sku = 'a'): Promise<unknown> => runInContext({ requestId: sku }, () => call(sku));
  }

  it('sends a second attempt at the delay, takes the first answer and aborts the loser', async () => {
    const call = hedged();
    const outcome = outcomeOf(call());
    await clock.advanceAsync(49);
    expect(dependency.calls).toHaveLength(1);
    await clock.advanceAsync(1);
    expect(dependency.calls).toHaveLength(2);
    dependency.at(1).resolve('from the hedge');
    expect(await outcome).toBe('from the hedge');
    const loser = dependency.at(0).signal!;
    expect(loser.aborted).toBe(true);
    expect(CancelledError.is(loser.reason)).toBe(true);
    expect(dependency.at(1).signal!.aborted).toBe(false);
    expect(hedgeStatistics(runtime).get('stock')).toMatchObject({
      calls: 1,
      hedged: 1,
      hedgeWins: 1,
      losersCancelled: 1,
    });
    expect(events).toEqual([
      { type: 'hedge.fired', policy: 'stock', hedge: 1, delayMs: 50 },
      { type: 'hedge.won', policy: 'stock', hedge: 1, elapsedMs: 50 },
    ]);
  });

  it('keeps the first attempt when it answers before the hedged one', async () => {
    const call = hedged();
    const outcome = outcomeOf(call());
    await clock.advanceAsync(50);
    dependency.at(0).resolve('first');
    expect(await outcome).toBe('first');
    expect(dependency.at(1).signal!.aborted).toBe(true);
    expect(hedgeStatistics(runtime).get('stock')).toMatchObject({ hedged: 1, hedgeWins: 0 });
  });

  it('sends no hedge when the first attempt answers within the delay', async () => {
    const call = hedged();
    const outcome = outcomeOf(call());
    await clock.advanceAsync(10);
    dependency.at(0).resolve('fast');
    expect(await outcome).toBe('fast');
    await clock.advanceAsync(1_000);
    expect(dependency.calls).toHaveLength(1);
    expect(dependency.at(0).signal!.aborted).toBe(false);
    expect(runtime.scheduler.size).toBe(0);
  });

  it('runs a hedged attempt in the caller’s call context (deadline, request id)', async () => {
    const seen: unknown[] = [];
    const call = protect(
      () => {
        seen.push([currentRequestId(), currentDeadline()]);
        return new Promise<string>(() => undefined);
      },
      [hedge({ idempotent: true, delayMs: 50, budget: false })],
      { runtime, name: 'stock' },
    );
    void runInContext({ requestId: 'r-7', deadline: 9_000 }, () => call());
    await clock.advanceAsync(50);
    expect(seen).toEqual([
      ['r-7', 9_000],
      ['r-7', 9_000],
    ]);
  });

  it('sends up to maxHedged attempts, one delay apart', async () => {
    const call = hedged({ maxHedged: 2 });
    const outcome = outcomeOf(call());
    await clock.advanceAsync(500);
    expect(dependency.calls).toHaveLength(3);
    dependency.at(2).resolve('third');
    expect(await outcome).toBe('third');
    expect([0, 1].map((i) => dependency.at(i).signal!.aborted)).toEqual([true, true]);
  });

  it('fails with the first attempt’s error once every attempt has failed', async () => {
    const call = hedged();
    const outcome = outcomeOf(call());
    await clock.advanceAsync(50);
    dependency.at(1).reject(new Error('hedge failed'));
    await clock.advanceAsync(0);
    dependency.at(0).reject(new Error('first failed'));
    expect(await outcome).toMatchObject({ message: 'first failed' });
  });

  it('lets a pending attempt rescue the call when another one fails', async () => {
    const call = hedged();
    const outcome = outcomeOf(call());
    await clock.advanceAsync(50);
    dependency.at(0).reject(new Error('first failed'));
    await clock.advanceAsync(0);
    dependency.at(1).resolve('rescued');
    expect(await outcome).toBe('rescued');
  });

  it('sends no hedge once its own budget is spent', async () => {
    // Floor of 0.1 per second over 10 s: one hedge in the window.
    const call = hedged({ budget: { ratio: 0, minRetriesPerSecond: 0.1, windowMs: 10_000 } });
    const first = outcomeOf(call('a'));
    await clock.advanceAsync(50);
    dependency.at(1).resolve('a');
    await first;
    const second = outcomeOf(call('b'));
    await clock.advanceAsync(50);
    expect(dependency.calls).toHaveLength(3);
    dependency.at(2).resolve('b');
    expect(await second).toBe('b');
    expect(hedgeStatistics(runtime).get('stock')).toMatchObject({ hedged: 1, budgetExhausted: 1 });
    expect(events).toContainEqual({ type: 'hedge.budget-exhausted', policy: 'stock' });
  });

  it('draws from the retry budget of the method: a hedge spends a retry', async () => {
    const call = hedged({ budget: { ratio: 10, minRetriesPerSecond: 100, windowMs: 10_000 } }, [
      retry({
        maxAttempts: 2,
        backoff: new ConstantBackoff(0),
        budget: { ratio: 0, minRetriesPerSecond: 0.1, windowMs: 10_000 },
        giveUp: 'rethrow',
      }),
    ]);
    const first = outcomeOf(call('a'));
    await clock.advanceAsync(50); // the hedge takes the window's only retry
    dependency.at(1).resolve('a');
    expect(await first).toBe('a');
    const second = outcomeOf(call('b'));
    await clock.advanceAsync(50); // no hedge: the budget is spent
    expect(dependency.calls).toHaveLength(3);
    dependency.at(2).reject(new Error('down'));
    expect(await second).toMatchObject({ message: 'down' }); // and no retry either
    expect(dependency.calls).toHaveLength(3);
  });

  it('sends every hedged attempt through the breaker: none while it is open', async () => {
    const call = hedged({}, [circuitBreaker({ window: 'consecutive', consecutiveFailures: 1 })]);
    const failing = outcomeOf(call('a'));
    dependency.at(0).reject(new Error('down'));
    await failing;
    const refused = await outcomeOf(call('b'));
    expect(CircuitOpenError.is(refused)).toBe(true);
    await clock.advanceAsync(100);
    expect(dependency.calls).toHaveLength(1);
    expect(hedgeStatistics(runtime).get('stock')).toMatchObject({ calls: 2, hedged: 0 });
  });

  it('has a hedge refused by a breaker that opened meanwhile, and still takes the first answer', async () => {
    const call = hedged({}, [circuitBreaker({ window: 'consecutive', consecutiveFailures: 1 })]);
    const slow = outcomeOf(call('slow'));
    const failing = outcomeOf(call('down'));
    dependency.at(1).reject(new Error('down'));
    await failing;
    await clock.advanceAsync(50); // both hedges fire; the open breaker refuses them
    expect(dependency.calls).toHaveLength(2);
    dependency.at(0).resolve('slow but fine');
    expect(await slow).toBe('slow but fine');
  });

  it('counts a cancelled loser as cancelled, not as a failure of the breaker below', async () => {
    const call = hedged({}, [circuitBreaker({ name: 'stock' })]);
    const outcome = outcomeOf(call());
    await clock.advanceAsync(50);
    dependency.at(1).resolve('hedge');
    await outcome;
    dependency.at(0).reject(dependency.at(0).signal!.reason);
    await clock.advanceAsync(0);
    expect(breakerStatistics(runtime).get('stock')?.calls).toMatchObject({
      successful: 1,
      failed: 0,
      cancelled: 1,
    });
  });

  it('cancels every attempt when the caller’s signal aborts', async () => {
    const call = protect(dependency.fn, [hedge({ idempotent: true, delayMs: 50, budget: false })], {
      runtime,
      name: 'stock',
    });
    const controller = new AbortController();
    const outcome = outcomeOf(runInContext({ signal: controller.signal }, () => call('a')));
    await clock.advanceAsync(50);
    controller.abort(new Error('client left'));
    expect(await outcome).toMatchObject({
      code: 'BALLAST_ERR_CANCELLED',
      cause: { message: 'client left' },
    });
    expect(dependency.calls.map((c) => c.signal!.aborted)).toEqual([true, true]);
    expect(hedgeStatistics(runtime).get('stock')?.cancelled).toBe(1);
  });

  it('hedges at a live percentile of the method’s own latency, within its bounds', async () => {
    const call = hedged({ delayMs: { percentile: 90, min: 5, max: 400, minSamples: 10 } });
    // Until 10 durations were seen, the delay is max.
    for (let i = 0; i < 10; i++) {
      const outcome = outcomeOf(call());
      await clock.advanceAsync(i < 9 ? 20 : 200); // nine answers in 20 ms, one in 200 ms
      dependency.calls.at(-1)!.resolve('ok');
      await outcome;
    }
    expect(hedgeStatistics(runtime).get('stock')).toMatchObject({ hedged: 0, delayMs: 400 });
    const outcome = outcomeOf(call());
    // p90 = 20 ms, read as the upper bound of its bucket (16 × 11/8 = 22 ms, within 12.5 %).
    await clock.advanceAsync(21);
    expect(dependency.calls).toHaveLength(11);
    await clock.advanceAsync(1);
    expect(dependency.calls).toHaveLength(12);
    dependency.at(11).resolve('ok');
    await outcome;
    expect(hedgeStatistics(runtime).get('stock')?.delayMs).toBe(22);
  });

  it('refuses a method not marked idempotent, at decoration', () => {
    const decorate = () => Hedge({ delayMs: 50 } as unknown as HedgeOptions);
    expect(decorate).toThrow(ConfigError);
    expect(decorate).toThrow(
      /only for idempotent methods; mark the method with \{ idempotent: true \}/,
    );
    expect(() => hedge({ idempotent: false } as unknown as HedgeOptions)).toThrow(ConfigError);
  });

  it('validates its options at decoration', () => {
    const at = (options: object) => () => hedge({ idempotent: true, ...options });
    expect(at({ maxHedged: 0 })).toThrow(/"maxHedged" must be an integer >= 1 <= 10/);
    expect(at({ delayMs: -1 })).toThrow(/"delayMs" must be a finite number >= 0/);
    expect(at({ delayMs: { percentile: 40 } })).toThrow(/"percentile" must be/);
    expect(at({ delayMs: { min: 5 } })).toThrow(/"percentile" must be given/);
    expect(at({ delayMs: { percentile: 95, min: 50, max: 10 } })).toThrow(
      /"max" must be at least min/,
    );
  });

  it('refuses a synchronous method: it needs time', () => {
    class Catalogue {
      @Hedge({ idempotent: true, delayMs: 5 })
      price(): number {
        return 1;
      }
    }
    const catalogue = weave(new Catalogue(), runtime);
    expect(() => catalogue.price()).toThrow(SyncUnsupportedError);
  });
});
