import { describe, expect, it, jest } from '@jest/globals';
import { ConfigError, createRuntime, protect, type Runtime, weave } from '@ballast/core';
import { BulkheadFullError } from '../bulkhead/BulkheadFullError.js';
import { breakerRegistry } from './BreakerRegistry.js';
import type { BreakerStateEvent } from './BreakerStateEvent.js';
import { CircuitBreaker, circuitBreaker, type CircuitBreakerOptions } from './CircuitBreaker.js';
import { CircuitOpenError } from './CircuitOpenError.js';
import { outcomeOf } from '../../test/outcomes.js';
import { eachTestRuntime } from '../../test/eachTestRuntime.js';

const tight = { windowSize: 2, minimumCalls: 2, openDuration: 1_000, halfOpenProbes: 3 } as const;

class Dependency {
  up = false;
  calls = 0;
  pending: (() => void)[] = [];

  @CircuitBreaker(tight)
  async fetch(): Promise<string> {
    this.calls++;
    if (!this.up) throw new Error('down');
    return 'ok';
  }

  @CircuitBreaker({ ...tight, name: 'slowProbe' })
  fetchLater(): Promise<string> {
    this.calls++;
    return new Promise((resolve) => this.pending.push(() => resolve('late')));
  }

  @CircuitBreaker({ ...tight, name: 'sync' })
  parse(text: string): number {
    this.calls++;
    if (text === 'bad') throw new SyntaxError('bad input');
    return text.length;
  }

  @CircuitBreaker({ ...tight, name: 'throwsSync' })
  brokenAsync(): Promise<string> {
    throw new Error('thrown before any promise');
  }

  @CircuitBreaker({ ...tight, name: 'shed' })
  async shed(): Promise<string> {
    throw new BulkheadFullError('pool', 'full');
  }
}

let runtime: Runtime;
eachTestRuntime((fresh) => (runtime = fresh));

describe('@CircuitBreaker', () => {
  it('fails fast with CircuitOpenError once the circuit opens, without calling the method', async () => {
    const dependency = weave(new Dependency(), runtime);
    await outcomeOf(dependency.fetch());
    await outcomeOf(dependency.fetch());
    const refused = await outcomeOf(dependency.fetch());
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect((refused as CircuitOpenError).breakerName).toBe('Dependency.fetch');
    expect((refused as CircuitOpenError).retryAfterMs).toBe(1_000);
    expect(dependency.calls).toBe(2);
  });

  it('recovers through half-open once the dependency is back', async () => {
    const dependency = weave(new Dependency(), runtime);
    await outcomeOf(dependency.fetch());
    await outcomeOf(dependency.fetch());
    dependency.up = true;
    jest.advanceTimersByTime(1_000);
    for (let i = 0; i < 3; i++) await expect(dependency.fetch()).resolves.toBe('ok');
    expect(breakerRegistry(runtime).state('Dependency.fetch')).toBe('CLOSED');
  });

  it('admits at most halfOpenProbes probes among 1,000 concurrent calls', async () => {
    const dependency = weave(new Dependency(), runtime);
    const registry = breakerRegistry(runtime);
    // The method never fails, so open the circuit by restoring an open state that ends now.
    registry.hydrate({
      version: 1,
      breakers: [{ name: 'slowProbe', breaker: { state: 'OPEN', openCount: 1, retryAfterMs: 0 } }],
    });
    const calls = Array.from({ length: 1_000 }, () => outcomeOf(dependency.fetchLater()));
    expect(dependency.calls).toBe(3);
    for (const resolve of dependency.pending) resolve();
    const results = await Promise.all(calls);
    expect(results.filter((r) => r === 'late')).toHaveLength(3);
    expect(results.filter((r) => CircuitOpenError.is(r))).toHaveLength(997);
    expect(registry.state('slowProbe')).toBe('CLOSED');
  });

  it('throws synchronously on a sync method and keeps it sync', () => {
    const dependency = weave(new Dependency(), runtime);
    expect(dependency.parse('abc')).toBe(3);
    expect(() => dependency.parse('bad')).toThrow(SyntaxError);
    expect(() => dependency.parse('abc')).toThrow(CircuitOpenError);
    expect(dependency.calls).toBe(2);
  });

  it('settles the permit when an async method throws synchronously', () => {
    const dependency = weave(new Dependency(), runtime);
    expect(() => dependency.brokenAsync()).toThrow('thrown before any promise');
    expect(() => dependency.brokenAsync()).toThrow('thrown before any promise');
    expect(breakerRegistry(runtime).state('throwsSync')).toBe('OPEN');
  });

  it('settles a half-open probe that throws synchronously or fails with an ignored error', async () => {
    class Cancelled extends Error {}
    let mode: 'throw' | 'cancel' | 'ok' = 'throw';
    const call = protect(
      (): Promise<string> => {
        if (mode === 'throw') throw new Error('sync');
        return mode === 'cancel' ? Promise.reject(new Cancelled()) : Promise.resolve('ok');
      },
      [
        circuitBreaker({
          ...tight,
          name: 'probe',
          halfOpenProbes: 1,
          ignore: (e) => e instanceof Cancelled,
        }),
      ],
      { runtime },
    );
    const registry = breakerRegistry(runtime);
    const openNow = {
      version: 1,
      breakers: [{ name: 'probe', breaker: { state: 'OPEN', openCount: 1, retryAfterMs: 0 } }],
    };
    registry.hydrate(openNow);
    expect(() => call()).toThrow('sync');
    expect(registry.state('probe')).toBe('OPEN');
    registry.hydrate(openNow);
    mode = 'cancel';
    expect(await outcomeOf(call())).toBeInstanceOf(Cancelled);
    expect(registry.state('probe')).toBe('HALF_OPEN');
    mode = 'ok';
    await expect(call()).resolves.toBe('ok');
    expect(registry.state('probe')).toBe('CLOSED');
  });

  it('does not open on bulkhead rejections', async () => {
    const dependency = weave(new Dependency(), runtime);
    for (let i = 0; i < 5; i++)
      expect(await outcomeOf(dependency.shed())).toBeInstanceOf(BulkheadFullError);
    expect(breakerRegistry(runtime).state('shed')).toBe('CLOSED');
    expect(
      breakerRegistry(runtime)
        .statistics()
        .find((s) => s.name === 'shed')?.calls.ignored,
    ).toBe(5);
  });

  it('announces every transition on runtime.events, with its reason', async () => {
    const events: BreakerStateEvent[] = [];
    runtime.events.on('breaker.state', (event) => events.push(event));
    const dependency = weave(new Dependency(), runtime);
    await outcomeOf(dependency.fetch());
    await outcomeOf(dependency.fetch());
    jest.advanceTimersByTime(1_000);
    await outcomeOf(dependency.fetch());
    await outcomeOf(dependency.fetch()); // the second failed probe of three reaches 50 %
    expect(events).toEqual([
      {
        name: 'Dependency.fetch',
        key: undefined,
        from: 'CLOSED',
        to: 'OPEN',
        reason: 'failures',
        retryAfterMs: 1_000,
      },
      {
        name: 'Dependency.fetch',
        key: undefined,
        from: 'OPEN',
        to: 'HALF_OPEN',
        reason: 'open-elapsed',
        retryAfterMs: 0,
      },
      {
        name: 'Dependency.fetch',
        key: undefined,
        from: 'HALF_OPEN',
        to: 'OPEN',
        reason: 'probe-failed',
        retryAfterMs: 1_000,
      },
    ]);
  });

  it('counts calls by kind and transitions per name', async () => {
    const dependency = weave(new Dependency(), runtime);
    await outcomeOf(dependency.fetch());
    await outcomeOf(dependency.fetch());
    await outcomeOf(dependency.fetch());
    const [stats] = breakerRegistry(runtime)
      .statistics()
      .filter((s) => s.name === 'Dependency.fetch');
    expect(stats).toMatchObject({
      state: 'OPEN',
      keyed: false,
      keys: 1,
      calls: { successful: 0, failed: 2, slow: 0, notPermitted: 1, ignored: 0 },
    });
    expect(stats?.transitions.OPEN).toBe(1);
  });

  it('works on plain functions through protect() and shares a breaker by name', async () => {
    let up = false;
    const options = { ...tight, name: 'shared' };
    const a = protect(
      async () => (up ? 'a' : Promise.reject(new Error('down'))),
      [circuitBreaker(options)],
      { runtime },
    );
    const b = protect(async () => 'b', [circuitBreaker(options)], { runtime });
    await outcomeOf(a());
    await outcomeOf(a());
    expect(await outcomeOf(b())).toBeInstanceOf(CircuitOpenError);
    expect(breakerRegistry(runtime).names()).toEqual(['shared']);
    up = true;
    jest.advanceTimersByTime(1_000);
    await expect(a()).resolves.toBe('a');
  });

  it('resolves a named policy from the runtime configuration', async () => {
    const configured = createRuntime({
      config: { policies: { CircuitBreaker: { strict: { ...tight, name: 'strict' } } } },
    });
    class Client {
      @CircuitBreaker('strict')
      async call(): Promise<void> {
        throw new Error('down');
      }
    }
    const client = weave(new Client(), configured);
    await outcomeOf(client.call());
    await outcomeOf(client.call());
    expect(breakerRegistry(configured).state('strict')).toBe('OPEN');
    configured.dispose();
  });

  it('times calls for slow-call detection only when slowCallDuration is set', async () => {
    const slow = protect(
      () => new Promise<string>((resolve) => setTimeout(() => resolve('done'), 600)),
      [
        circuitBreaker({
          ...tight,
          name: 'slow',
          slowCallDuration: 500,
          slowCallRateThreshold: 100,
        }),
      ],
      { runtime },
    );
    for (let i = 0; i < 2; i++) {
      const call = slow();
      await jest.advanceTimersByTimeAsync(600);
      await expect(call).resolves.toBe('done');
    }
    const stats = breakerRegistry(runtime)
      .statistics()
      .find((s) => s.name === 'slow');
    expect(stats?.calls.slow).toBe(2);
    expect(stats?.state).toBe('OPEN');
  });
});

describe('@CircuitBreaker options', () => {
  it.each<[string, unknown, string]>([
    ['an unknown key', { windowsize: 10 }, 'unknown option "windowsize"'],
    [
      'a zero failure rate',
      { failureRateThreshold: 0 },
      'option "failureRateThreshold" must be a finite number > 0 <= 100 (got 0)',
    ],
    [
      'a rate above 100',
      { slowCallRateThreshold: 150 },
      'option "slowCallRateThreshold" must be a finite number > 0 <= 100',
    ],
    ['minimumCalls 0', { minimumCalls: 0 }, 'option "minimumCalls" must be an integer >= 1'],
    [
      'minimumCalls above the window',
      { windowSize: 10, minimumCalls: 11 },
      'option "minimumCalls" must be an integer >= 1 <= 10',
    ],
    [
      'a negative open duration',
      { openDuration: -1 },
      'option "openDuration" must be a finite number >= 1',
    ],
    ['an infinite open duration', { openDuration: Infinity }, 'option "openDuration"'],
    [
      'a backoff without max',
      { openDuration: { initial: 10 } },
      'option "openDuration" must be milliseconds (a number), { initial, max, multiplier? } or a function (opening) => ms',
    ],
    [
      'a backoff max below initial',
      { openDuration: { initial: 10, max: 5 } },
      'option "max" must be a finite number >= 10',
    ],
    [
      'an unknown window',
      { window: 'sliding' },
      'option "window" must be one of count, time, consecutive',
    ],
    ['zero probes', { halfOpenProbes: 0 }, 'option "halfOpenProbes" must be an integer >= 1'],
    ['a non-function key', { key: 'host' }, 'option "key" must be a function'],
    [
      'an automatic initial state',
      { initialState: 'OPEN' },
      'option "initialState" must be one of CLOSED, FORCED_OPEN, DISABLED, METRICS_ONLY',
    ],
    [
      'a tiny key idle TTL',
      { keyIdleTtl: 10 },
      'option "keyIdleTtl" must be a finite number >= 1000',
    ],
    ['options that are not an object', 5, 'options must be an object (got 5)'],
  ])('rejects %s with BALLAST_ERR_CONFIG', (_label, input, message) => {
    let thrown: unknown;
    try {
      CircuitBreaker(input as CircuitBreakerOptions);
    } catch (error) {
      thrown = error;
    }
    expect(ConfigError.is(thrown)).toBe(true);
    expect((thrown as ConfigError).code).toBe('BALLAST_ERR_CONFIG');
    expect((thrown as Error).message).toContain('@CircuitBreaker');
    expect((thrown as Error).message).toContain(message);
  });

  it('validates the functional form the same way', () => {
    expect(() => circuitBreaker({ windowSize: 0 })).toThrow(
      'CircuitBreaker.use(): option "windowSize" must be an integer >= 1',
    );
  });
});
