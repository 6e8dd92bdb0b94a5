import { describe, expect, it, jest } from '@jest/globals';
import { ConfigError, createRuntime, protect, type Runtime } from '@ballast/core';
import { breakerRegistry, breakerStatistics } from './BreakerRegistry.js';
import { circuitBreaker } from './CircuitBreaker.js';
import { CircuitOpenError } from './CircuitOpenError.js';
import { UnknownBreakerError } from './UnknownBreakerError.js';
import { outcomeOf } from '../../test/outcomes.js';
import { eachTestRuntime } from '../../test/eachTestRuntime.js';

let runtime: Runtime;
eachTestRuntime((fresh) => (runtime = fresh));

const tight = { windowSize: 2, minimumCalls: 2, openDuration: 10_000 } as const;

function failing(name: string, target: Runtime = runtime, extra: object = {}) {
  return protect(
    async (..._args: unknown[]): Promise<string> => {
      throw new Error('down');
    },
    [circuitBreaker({ ...tight, name, ...extra })],
    { runtime: target, name },
  );
}

describe('BreakerRegistry', () => {
  it('lists breakers by name, default name being the qualified method name', () => {
    protect(async () => 1, [circuitBreaker()], { runtime, name: 'loadUser' });
    failing('payments');
    const registry = breakerRegistry(runtime);
    expect(registry.names()).toEqual(['loadUser', 'payments']);
    expect(registry.has('payments')).toBe(true);
    expect(registry.list()).toEqual([
      { name: 'loadUser', keyed: false, keys: 1, state: 'CLOSED' },
      { name: 'payments', keyed: false, keys: 1, state: 'CLOSED' },
    ]);
    expect([...breakerStatistics(runtime)].map(([name, s]) => [name, s.state])).toEqual([
      ['loadUser', 'CLOSED'],
      ['payments', 'CLOSED'],
    ]);
  });

  it('forces open, disables, switches to metrics-only, closes and resets by name', async () => {
    const call = protect(async () => 'ok', [circuitBreaker({ name: 'svc' })], { runtime });
    const registry = breakerRegistry(runtime);
    registry.forceOpen('svc');
    expect(await outcomeOf(call())).toBeInstanceOf(CircuitOpenError);
    registry.disable('svc');
    await expect(call()).resolves.toBe('ok');
    expect(registry.state('svc')).toBe('DISABLED');
    registry.metricsOnly('svc');
    await expect(call()).resolves.toBe('ok');
    expect(registry.state('svc')).toBe('METRICS_ONLY');
    registry.close('svc');
    expect(registry.state('svc')).toBe('CLOSED');
    registry.forceOpen('svc');
    registry.reset('svc');
    expect(registry.state('svc')).toBe('CLOSED');
    expect(registry.statistics()[0]?.transitions).toMatchObject({
      FORCED_OPEN: 2,
      DISABLED: 1,
      METRICS_ONLY: 1,
      CLOSED: 2,
    });
  });

  it('resets an open breaker so calls pass at once', async () => {
    const call = failing('db');
    await outcomeOf(call());
    await outcomeOf(call());
    const registry = breakerRegistry(runtime);
    expect(registry.state('db')).toBe('OPEN');
    registry.reset('db');
    expect(await outcomeOf(call())).toEqual(new Error('down'));
  });

  it('refuses operations on an unknown name with BALLAST_ERR_UNKNOWN_BREAKER', () => {
    failing('db');
    const registry = breakerRegistry(runtime);
    expect(() => registry.forceOpen('dB')).toThrow(UnknownBreakerError);
    try {
      registry.reset('nope');
    } catch (error) {
      expect((error as UnknownBreakerError).code).toBe('BALLAST_ERR_UNKNOWN_BREAKER');
      expect((error as Error).message).toBe('No circuit breaker is named "nope" (known: db).');
    }
    expect.assertions(3);
  });

  it("reads one key's window of a keyed breaker, and the single window of an unkeyed one", async () => {
    const wide = { windowSize: 10, minimumCalls: 10 };
    const keyed = failing('hosts', runtime, { ...wide, key: ([host]: unknown[]) => String(host) });
    await outcomeOf(keyed('a.example'));
    await outcomeOf(keyed('a.example'));
    await outcomeOf(keyed('b.example'));
    const single = failing('db', runtime, wide);
    await outcomeOf(single());
    const registry = breakerRegistry(runtime);
    const failures = (calls: number) => ({
      calls,
      failed: calls,
      slow: 0,
      failureRate: 100,
      slowCallRate: 0,
    });
    expect(registry.window('hosts', 'a.example')).toEqual(failures(2));
    expect(registry.window('hosts', 'b.example')).toEqual(failures(1));
    expect(registry.window('hosts', 'never.example')).toEqual({
      calls: 0,
      failed: 0,
      slow: 0,
      failureRate: 0,
      slowCallRate: 0,
    });
    expect(registry.window('hosts')).toBeUndefined();
    expect(registry.window('db')).toEqual(failures(1));
    expect(() => registry.window('nope')).toThrow(UnknownBreakerError);
  });

  it('round-trips toJSON through JSON and hydrate into a fresh runtime, keeping the time left open', async () => {
    const call = failing('db');
    await outcomeOf(call());
    await outcomeOf(call());
    const keyed = failing('hosts', runtime, { key: ([host]: unknown[]) => String(host) });
    await outcomeOf(keyed('a.example'));
    await outcomeOf(keyed('a.example'));
    await outcomeOf(keyed('b.example'));
    protect(async () => 1, [circuitBreaker({ name: 'ops' })], { runtime });
    breakerRegistry(runtime).forceOpen('ops');
    jest.advanceTimersByTime(4_000);
    const saved = JSON.parse(JSON.stringify(breakerRegistry(runtime))) as unknown;
    expect(saved).toEqual({
      version: 1,
      breakers: [
        { name: 'db', breaker: { state: 'OPEN', openCount: 1, retryAfterMs: 6_000 } },
        {
          name: 'hosts',
          keys: [{ key: 'a.example', state: 'OPEN', openCount: 1, retryAfterMs: 6_000 }],
        },
        { name: 'ops', breaker: { state: 'FORCED_OPEN', openCount: 0, retryAfterMs: 0 } },
      ],
    });

    const restarted = createRuntime();
    breakerRegistry(restarted).hydrate(saved);
    // Hydrated before the breakers exist: applied when they are woven.
    const again = failing('db', restarted);
    const againKeyed = failing('hosts', restarted, { key: ([host]: unknown[]) => String(host) });
    protect(async () => 1, [circuitBreaker({ name: 'ops' })], { runtime: restarted });
    const registry = breakerRegistry(restarted);
    expect(registry.state('db')).toBe('OPEN');
    expect(registry.state('hosts', 'a.example')).toBe('OPEN');
    expect(registry.state('hosts', 'b.example')).toBe('CLOSED');
    expect(registry.state('ops')).toBe('FORCED_OPEN');
    const refused = (await outcomeOf(again())) as CircuitOpenError;
    expect(refused.retryAfterMs).toBe(6_000);
    expect(await outcomeOf(againKeyed('a.example'))).toBeInstanceOf(CircuitOpenError);
    expect(registry.toJSON()).toEqual(saved);
    restarted.dispose();
  });

  it('hydrates breakers that already exist at once', () => {
    failing('db');
    const registry = breakerRegistry(runtime);
    registry.hydrate({
      version: 1,
      breakers: [{ name: 'db', breaker: { state: 'FORCED_OPEN', openCount: 0, retryAfterMs: 0 } }],
    });
    expect(registry.state('db')).toBe('FORCED_OPEN');
  });

  it.each<[string, unknown, string]>([
    [
      'not a snapshot',
      { breakers: [] },
      'the snapshot must be an object { version: 1, breakers: [...] }',
    ],
    [
      'a bad state',
      {
        version: 1,
        breakers: [{ name: 'a', breaker: { state: 'AJAR', openCount: 0, retryAfterMs: 0 } }],
      },
      'breakers[0].breaker.state must be one of',
    ],
    [
      'a negative wait',
      {
        version: 1,
        breakers: [{ name: 'a', breaker: { state: 'OPEN', openCount: 1, retryAfterMs: -5 } }],
      },
      'breakers[0].breaker.retryAfterMs must be a finite number >= 0',
    ],
    [
      'a missing name',
      { version: 1, breakers: [{ breaker: {} }] },
      'breakers[0].name must be a non-empty string',
    ],
    [
      'a key that is not a string',
      { version: 1, breakers: [{ name: 'a', keys: [{ key: 1 }] }] },
      'breakers[0].keys[0].key must be a string',
    ],
    [
      'a bad override',
      { version: 1, breakers: [{ name: 'a', override: 'OPEN' }] },
      'breakers[0].override must be one of CLOSED, FORCED_OPEN, DISABLED, METRICS_ONLY',
    ],
  ])('rejects %s when hydrating, changing nothing', (_label, snapshot, message) => {
    failing('a');
    const registry = breakerRegistry(runtime);
    registry.forceOpen('a');
    let thrown: unknown;
    try {
      registry.hydrate(snapshot);
    } catch (error) {
      thrown = error;
    }
    expect(ConfigError.is(thrown)).toBe(true);
    expect((thrown as Error).message).toContain(message);
    expect(registry.state('a')).toBe('FORCED_OPEN');
  });

  it('forces every key of a keyed breaker open, including keys not seen yet', async () => {
    const call = protect(
      async (host: string) => host,
      [circuitBreaker({ name: 'hosts', key: ([host]) => host as string })],
      { runtime },
    );
    await call('a');
    const registry = breakerRegistry(runtime);
    registry.forceOpen('hosts');
    expect(await outcomeOf(call('a'))).toBeInstanceOf(CircuitOpenError);
    expect(await outcomeOf(call('new'))).toBeInstanceOf(CircuitOpenError);
    registry.close('hosts', 'a');
    await expect(call('a')).resolves.toBe('a');
    registry.close('hosts');
    await expect(call('new')).resolves.toBe('new');
  });

  it('keeps breaker state when a hot-reloaded policy changes its options', async () => {
    const configured = createRuntime({
      config: { policies: { CircuitBreaker: { p: { ...tight, name: 'p' } } } },
    });
    const call = protect(async () => Promise.reject(new Error('down')), [circuitBreaker('p')], {
      runtime: configured,
    });
    await outcomeOf(call());
    await outcomeOf(call());
    configured.updatePolicies({
      CircuitBreaker: { p: { ...tight, name: 'p', openDuration: 50_000 } },
    });
    expect(await outcomeOf(call())).toBeInstanceOf(CircuitOpenError);
    expect(breakerRegistry(configured).state('p')).toBe('OPEN');
    configured.dispose();
  });

  it('opens for a while with forceOpen({ forMs }) or until an instant, then half-opens and probes', async () => {
    const fn = protect(async () => 'ok', [circuitBreaker({ halfOpenProbes: 1 })], {
      runtime,
      name: 'maintenance',
    });
    const registry = breakerRegistry(runtime);
    const transitions: string[] = [];
    runtime.events.on('breaker.state', (e) =>
      transitions.push(`${e.to} ${e.reason} ${e.retryAfterMs}`),
    );
    registry.forceOpen('maintenance', { forMs: 5_000 });
    expect(await outcomeOf(fn())).toMatchObject({ state: 'OPEN', retryAfterMs: 5_000 });
    jest.advanceTimersByTime(5_000);
    await expect(fn()).resolves.toBe('ok'); // the probe passes and closes it
    registry.forceOpen('maintenance', { until: new Date(Date.now() + 1_000) });
    expect(await outcomeOf(fn())).toMatchObject({ retryAfterMs: 1_000 });
    jest.advanceTimersByTime(1_000);
    await expect(fn()).resolves.toBe('ok');
    expect(transitions).toEqual([
      'OPEN manual 5000',
      'HALF_OPEN open-elapsed 0',
      'CLOSED probes-passed 0',
      'OPEN manual 1000',
      'HALF_OPEN open-elapsed 0',
      'CLOSED probes-passed 0',
    ]);
  });

  it('opens keys first seen during a timed forceOpen of a keyed breaker', async () => {
    const fn = protect(
      async (host: string) => host,
      [circuitBreaker({ key: ([host]) => String(host) })],
      {
        runtime,
        name: 'hosts',
      },
    );
    breakerRegistry(runtime).forceOpen('hosts', { forMs: 1_000 });
    expect(await outcomeOf(fn('new.example'))).toMatchObject({ state: 'OPEN', key: 'new.example' });
    jest.advanceTimersByTime(1_000);
    await expect(fn('later.example')).resolves.toBe('later.example');
  });

  it('refuses an unknown or illegal state, or bad forceOpen options, with a ConfigError', () => {
    protect(async () => 1, [circuitBreaker()], { runtime, name: 'b' });
    const registry = breakerRegistry(runtime);
    for (const state of ['OPEN', 'HALF_OPEN', 'BOGUS', 42]) {
      expect(() => registry.transitionTo('b', state as never)).toThrow(ConfigError);
    }
    expect(() => registry.transitionTo('b', 'OPEN' as never)).toThrow(
      'state must be one of CLOSED, FORCED_OPEN, DISABLED, METRICS_ONLY (got "OPEN")',
    );
    expect(registry.state('b')).toBe('CLOSED');
    registry.transitionTo('b', 'METRICS_ONLY');
    expect(registry.state('b')).toBe('METRICS_ONLY');
    expect(() => registry.forceOpen('b', { forMs: 0 })).toThrow(
      /"forMs" must be a number of ms from 1/,
    );
    expect(() => registry.forceOpen('b', { forMs: 10, until: 5 })).toThrow(/not both/);
    expect(() => registry.forceOpen('b', { until: new Date('nope') })).toThrow(/"until" must be/);
  });
});
