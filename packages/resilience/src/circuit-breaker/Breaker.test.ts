import { describe, expect, it } from '@jest/globals';
import { type Clock, ConfigError } from '@ballast/core';
import { BulkheadFullError } from '../bulkhead/BulkheadFullError.js';
import { RateLimitedError } from '../rate-limit/RateLimitedError.js';
import type { Breaker } from './Breaker.js';
import type { BreakerState } from './BreakerState.js';
import type { CircuitBreakerOptions } from './CircuitBreaker.js';
import { CircuitOpenError } from './CircuitOpenError.js';
import { createBreaker } from './createBreaker.js';

class ManualClock implements Clock {
  time = 1_000;
  now(): number {
    return this.time;
  }
  setTimer(): never {
    throw new Error('the breaker must not set timers');
  }
  clearTimer(): void {}
}

function setup(options: CircuitBreakerOptions = {}) {
  const clock = new ManualClock();
  const transitions: string[] = [];
  const breaker = createBreaker(options, {
    name: 'db',
    clock,
    onTransition: (_b, from, to) => transitions.push(`${from}->${to}`),
  });
  return { clock, breaker, transitions };
}

function succeed(breaker: Breaker, times = 1): void {
  for (let i = 0; i < times; i++) breaker.onSuccess(breaker.acquire(), breaker.startTime());
}

function fail(breaker: Breaker, times = 1, error: unknown = new Error('down')): void {
  for (let i = 0; i < times; i++) breaker.onError(breaker.acquire(), error, breaker.startTime());
}

const quick = { windowSize: 4, minimumCalls: 4, openDuration: 1_000, halfOpenProbes: 2 } as const;

describe('Breaker', () => {
  it('does not open on the first failure with default options (minimumCalls is never 0)', () => {
    const { breaker } = setup();
    fail(breaker, 19);
    expect(breaker.state).toBe('CLOSED');
    fail(breaker);
    expect(breaker.state).toBe('OPEN');
  });

  it('opens when the failure rate reaches the threshold and refuses calls while open', () => {
    const { breaker, clock, transitions } = setup(quick);
    succeed(breaker, 2);
    fail(breaker, 2);
    expect(breaker.state).toBe('OPEN');
    expect(transitions).toEqual(['CLOSED->OPEN']);
    expect(breaker.acquire()).toBe(0);
    clock.time += 400;
    const error = breaker.rejection();
    expect(CircuitOpenError.is(error)).toBe(true);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error.retryAfterMs).toBe(600);
    expect(error.code).toBe('BALLAST_ERR_CIRCUIT_OPEN');
    expect(error.message).toBe(
      'Circuit breaker "db" is OPEN; calls fail fast until it half-opens; retryAfterMs says when.',
    );
    expect(breaker.counters.notPermitted).toBe(1);
  });

  it('gives every refused call its own error object with its own retryAfterMs', () => {
    const { breaker, clock } = setup(quick);
    fail(breaker, 4);
    const first = breaker.rejection();
    clock.time += 100;
    const second = breaker.rejection();
    expect(first).not.toBe(second);
    expect([first.retryAfterMs, second.retryAfterMs]).toEqual([1_000, 900]);
    expect(second.name).toBe('CircuitOpenError');
    expect(second.breakerName).toBe('db');
  });

  it('goes half-open on the first call after the open duration, without any timer', () => {
    const { breaker, clock, transitions } = setup(quick);
    fail(breaker, 4);
    clock.time += 999;
    expect(breaker.acquire()).toBe(0);
    clock.time += 1;
    expect(breaker.acquire()).not.toBe(0);
    expect(breaker.state).toBe('HALF_OPEN');
    expect(transitions).toEqual(['CLOSED->OPEN', 'OPEN->HALF_OPEN']);
  });

  it('admits exactly halfOpenProbes probes and closes when they succeed', () => {
    const { breaker, clock } = setup(quick);
    fail(breaker, 4);
    clock.time += 1_000;
    const permits = [breaker.acquire(), breaker.acquire(), breaker.acquire()];
    expect(permits[2]).toBe(0);
    breaker.onSuccess(permits[0]!, 0);
    expect(breaker.state).toBe('HALF_OPEN');
    breaker.onSuccess(permits[1]!, 0);
    expect(breaker.state).toBe('CLOSED');
  });

  it('reopens as soon as enough probes fail to reach the failure rate', () => {
    const { breaker, clock } = setup({ ...quick, halfOpenProbes: 4 });
    fail(breaker, 4);
    clock.time += 1_000;
    const permits = [breaker.acquire(), breaker.acquire(), breaker.acquire(), breaker.acquire()];
    breaker.onError(permits[0]!, new Error('x'), 0);
    expect(breaker.state).toBe('HALF_OPEN');
    breaker.onError(permits[1]!, new Error('x'), 0);
    expect(breaker.state).toBe('OPEN');
    // Late probes of the old half-open state change nothing.
    breaker.onSuccess(permits[2]!, 0);
    breaker.onSuccess(permits[3]!, 0);
    expect(breaker.state).toBe('OPEN');
  });

  it('hands the permit back when a probe fails with an ignored error', () => {
    const { breaker, clock } = setup({
      ...quick,
      halfOpenProbes: 1,
      ignore: (e) => e === 'cancelled',
    });
    fail(breaker, 4);
    clock.time += 1_000;
    const permit = breaker.acquire();
    expect(breaker.acquire()).toBe(0);
    breaker.onError(permit, 'cancelled', 0);
    expect(breaker.counters.ignored).toBe(1);
    const again = breaker.acquire();
    expect(again).not.toBe(0);
    breaker.onSuccess(again, 0);
    expect(breaker.state).toBe('CLOSED');
  });

  it('settles the permit as a failure when a recordOn predicate throws', () => {
    const { breaker, clock } = setup({
      ...quick,
      halfOpenProbes: 1,
      recordOn: () => {
        throw new Error('bad predicate');
      },
    });
    fail(breaker, 4);
    expect(breaker.state).toBe('OPEN');
    clock.time += 1_000;
    fail(breaker);
    expect(breaker.state).toBe('OPEN');
  });

  it('counts an error recordOn rejects as a success', () => {
    const { breaker } = setup({ ...quick, recordOn: (e) => (e as Error).message !== 'not found' });
    fail(breaker, 4, new Error('not found'));
    expect(breaker.state).toBe('CLOSED');
    expect(breaker.counters.successful).toBe(4);
  });

  it('ignores bulkhead and rate-limit rejections unless recordRejections is set', () => {
    const rejections = [
      new BulkheadFullError('pool', 'full'),
      new RateLimitedError('api', undefined, 10),
    ];
    const { breaker } = setup(quick);
    for (const error of rejections) fail(breaker, 2, error);
    expect(breaker.state).toBe('CLOSED');
    expect(breaker.counters.ignored).toBe(4);
    const strict = setup({ ...quick, recordRejections: true }).breaker;
    for (const error of rejections) fail(strict, 2, error);
    expect(strict.state).toBe('OPEN');
  });

  it('does not count outcomes of calls admitted before the last transition', () => {
    const { breaker } = setup(quick);
    const early = [breaker.acquire(), breaker.acquire()];
    fail(breaker, 4);
    expect(breaker.state).toBe('OPEN');
    breaker.reset();
    fail(breaker, 3);
    for (const permit of early) breaker.onError(permit, new Error('late'), 0);
    expect(breaker.state).toBe('CLOSED');
  });

  it('writes off hung probes after halfOpenMaxWait and opens again', () => {
    const { breaker, clock, transitions } = setup({ ...quick, halfOpenMaxWait: 5_000 });
    fail(breaker, 4);
    clock.time += 1_000;
    const probes = [breaker.acquire(), breaker.acquire()];
    clock.time += 4_999;
    expect(breaker.acquire()).toBe(0);
    expect(breaker.rejection().retryAfterMs).toBe(1);
    clock.time += 1;
    expect(breaker.acquire()).toBe(0);
    expect(breaker.state).toBe('OPEN');
    for (const permit of probes) breaker.onSuccess(permit, 0);
    expect(breaker.state).toBe('OPEN');
    expect(transitions.at(-1)).toBe('HALF_OPEN->OPEN');
  });

  it('grows the open duration by backoff on each failed trial and caps it', () => {
    const { breaker, clock } = setup({
      ...quick,
      halfOpenProbes: 1,
      openDuration: { initial: 100, max: 350 },
    });
    fail(breaker, 4);
    const durations: number[] = [];
    for (let i = 0; i < 4; i++) {
      durations.push(breaker.retryAfterMs);
      clock.time += breaker.retryAfterMs;
      fail(breaker);
    }
    expect(durations).toEqual([100, 200, 350, 350]);
    clock.time += breaker.retryAfterMs;
    succeed(breaker);
    expect(breaker.state).toBe('CLOSED');
    fail(breaker, 4);
    expect(breaker.retryAfterMs).toBe(100);
  });

  it('keeps the backoff finite after any number of reopenings', () => {
    const { breaker, clock } = setup({
      ...quick,
      halfOpenProbes: 1,
      openDuration: { initial: 1, max: 60_000, multiplier: 10 },
    });
    fail(breaker, 4);
    for (let i = 0; i < 2_000; i++) {
      clock.time += breaker.retryAfterMs;
      fail(breaker);
    }
    expect(breaker.retryAfterMs).toBe(60_000);
  });

  it('opens on the slow-call rate, timing calls only when slowCallDuration is set', () => {
    const { breaker, clock } = setup({
      ...quick,
      slowCallDuration: 500,
      slowCallRateThreshold: 50,
    });
    expect(breaker.timed).toBe(true);
    for (let i = 0; i < 4; i++) {
      const permit = breaker.acquire();
      const started = breaker.startTime();
      clock.time += i < 2 ? 500 : 10;
      breaker.onSuccess(permit, started);
    }
    expect(breaker.counters.slow).toBe(2);
    expect(breaker.state).toBe('OPEN');
    expect(setup(quick).breaker.startTime()).toBe(0);
  });

  it('opens after consecutive failures in consecutive mode and reopens on one failed probe', () => {
    const { breaker, clock } = setup({
      window: 'consecutive',
      consecutiveFailures: 3,
      openDuration: 10,
      halfOpenProbes: 3,
    });
    fail(breaker, 2);
    succeed(breaker);
    fail(breaker, 2);
    expect(breaker.state).toBe('CLOSED');
    fail(breaker);
    expect(breaker.state).toBe('OPEN');
    clock.time += 10;
    succeed(breaker);
    fail(breaker);
    expect(breaker.state).toBe('OPEN');
  });

  it('opens on the failure rate of a time window', () => {
    const { breaker, clock } = setup({ window: 'time', windowDuration: 10_000, minimumCalls: 2 });
    fail(breaker);
    clock.time += 20_000;
    succeed(breaker);
    expect(breaker.state).toBe('CLOSED');
    fail(breaker);
    expect(breaker.state).toBe('OPEN');
  });

  it.each<[BreakerState, boolean, boolean]>([
    ['FORCED_OPEN', false, false],
    ['DISABLED', true, false],
    ['METRICS_ONLY', true, true],
  ])(
    'in %s: lets calls through = %s, counts outcomes = %s, never opens by itself',
    (state, passes, counts) => {
      const { breaker } = setup({ ...quick, initialState: state as 'FORCED_OPEN' });
      expect(breaker.state).toBe(state);
      expect(breaker.acquire() !== 0).toBe(passes);
      if (passes) fail(breaker, 10);
      expect(breaker.state).toBe(state);
      expect(breaker.counters.failed > 0).toBe(counts);
    },
  );

  it('reports Infinity as retryAfterMs while forced open', () => {
    const { breaker } = setup({ initialState: 'FORCED_OPEN' });
    expect(breaker.acquire()).toBe(0);
    expect(breaker.rejection().retryAfterMs).toBe(Number.POSITIVE_INFINITY);
    expect(breaker.rejection().message).toContain('until an operator closes it');
  });

  it('restores a snapshot: an open breaker stays open for the time it had left', () => {
    const { breaker, clock } = setup(quick);
    fail(breaker, 4);
    clock.time += 300;
    const snapshot = breaker.snapshot();
    expect(snapshot).toEqual({ state: 'OPEN', openCount: 1, retryAfterMs: 700 });
    const restored = setup(quick);
    restored.breaker.restore(JSON.parse(JSON.stringify(snapshot)) as typeof snapshot);
    expect(restored.breaker.state).toBe('OPEN');
    expect(restored.breaker.retryAfterMs).toBe(700);
    restored.breaker.restore({ state: 'HALF_OPEN', openCount: 1, retryAfterMs: 0 });
    expect(restored.breaker.acquire()).not.toBe(0);
  });

  it('runs functions with execute() and refuses them while open', async () => {
    const { breaker } = setup({ ...quick, minimumCalls: 1, windowSize: 1 });
    await expect(breaker.execute(() => 42)).resolves.toBe(42);
    await expect(breaker.execute(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(breaker.execute(() => 1)).rejects.toBeInstanceOf(CircuitOpenError);
  });

  it('refuses execute() on something that is not a function without counting it', async () => {
    const { breaker } = setup({ ...quick, minimumCalls: 1, windowSize: 1 });
    await expect(breaker.execute(42 as never)).rejects.toThrow(ConfigError);
    await expect(breaker.execute(42 as never)).rejects.toThrow(
      /expected a function \(got number\)/,
    );
    expect(breaker.state).toBe('CLOSED');
    expect(breaker.counters.failed).toBe(0);
  });
});
