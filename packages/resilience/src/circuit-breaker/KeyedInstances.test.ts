import { describe, expect, it, jest } from '@jest/globals';
import { protect, type Runtime } from '@ballast/core';
import { breakerRegistry } from './BreakerRegistry.js';
import { circuitBreaker } from './CircuitBreaker.js';
import { CircuitOpenError } from './CircuitOpenError.js';
import { KeyedInstances } from './KeyedInstances.js';
import { eachTestRuntime } from '../../test/eachTestRuntime.js';

let runtime: Runtime;
eachTestRuntime((fresh) => (runtime = fresh));

describe('KeyedInstances', () => {
  it('creates one instance per key and returns the same one afterwards', () => {
    const keyed = new KeyedInstances(runtime, 10, 60_000, (key) => ({ key }));
    const a = keyed.get('a');
    expect(keyed.get('a')).toBe(a);
    expect(keyed.get('b')).not.toBe(a);
    expect(keyed.size).toBe(2);
  });

  it('drops the least recently used key beyond maxKeys, giving recently used keys a second chance', () => {
    const keyed = new KeyedInstances(runtime, 3, 60_000, (key) => ({ key }));
    const a = keyed.get('a');
    keyed.get('b');
    keyed.get('c');
    keyed.get('a'); // used again: survives the next eviction
    keyed.get('d');
    expect(keyed.size).toBe(3);
    expect(keyed.peek('b')).toBeUndefined();
    expect(keyed.get('a')).toBe(a);
    expect(keyed.evictions).toBe(1);
  });

  it('drops keys left unused for the idle TTL on the runtime scheduler', () => {
    const keyed = new KeyedInstances(runtime, 100, 10_000, (key) => ({ key }));
    keyed.get('idle');
    keyed.get('busy');
    for (let t = 0; t < 20_000; t += 2_500) {
      jest.advanceTimersByTime(2_500);
      keyed.get('busy');
    }
    expect(keyed.peek('idle')).toBeUndefined();
    expect(keyed.peek('busy')).toBeDefined();
  });

  it('stops its sweep task once empty, so nothing is left scheduled', () => {
    const keyed = new KeyedInstances(runtime, 100, 10_000, (key) => ({ key }));
    keyed.get('a');
    expect(runtime.scheduler.size).toBe(1);
    jest.advanceTimersByTime(20_000);
    expect(keyed.size).toBe(0);
    expect(runtime.scheduler.size).toBe(0);
  });
});

describe('keyed @CircuitBreaker', () => {
  const tight = { windowSize: 2, minimumCalls: 2, openDuration: 1_000 } as const;

  it('keeps one breaker per key: a failing host does not trip the others', async () => {
    const get = protect(
      async (host: string) => (host === 'down.example' ? Promise.reject(new Error('down')) : host),
      [circuitBreaker({ ...tight, name: 'hosts', key: ([host]) => host as string })],
      { runtime },
    );
    await get('down.example').catch(() => undefined);
    await get('down.example').catch(() => undefined);
    await expect(get('down.example')).rejects.toMatchObject({
      code: 'BALLAST_ERR_CIRCUIT_OPEN',
      key: 'down.example',
    });
    await expect(get('up.example')).resolves.toBe('up.example');
    expect(breakerRegistry(runtime).state('hosts')).toBe('OPEN');
    const [stats] = breakerRegistry(runtime).statistics();
    expect(stats).toMatchObject({
      name: 'hosts',
      keyed: true,
      keys: 2,
      state: 'OPEN',
      keysByState: { OPEN: 1, CLOSED: 1 },
    });
    expect(stats?.calls).toEqual({
      successful: 1,
      failed: 2,
      slow: 0,
      notPermitted: 1,
      ignored: 0,
      cancelled: 0,
    });
  });

  it('stays within maxKeys over 100,000 distinct keys and keeps a busy open key open', async () => {
    const get = protect(
      async (user: string) => (user === 'hot' ? Promise.reject(new Error('down')) : user),
      [
        circuitBreaker({
          ...tight,
          name: 'users',
          key: ([user]) => user as string,
          maxKeys: 1_000,
        }),
      ],
      { runtime },
    );
    await get('hot').catch(() => undefined);
    await get('hot').catch(() => undefined);
    const registry = breakerRegistry(runtime);
    let largest = 0;
    for (let i = 0; i < 100_000; i++) {
      await get(`user-${i}`);
      if (i % 50 === 0) await get('hot').catch(() => undefined);
      if (i % 1_000 === 0) largest = Math.max(largest, registry.statistics()[0]!.keys);
    }
    expect(largest).toBeLessThanOrEqual(1_000);
    expect(registry.statistics()[0]!.keys).toBe(1_000);
    expect(registry.state('users', 'hot')).toBe('OPEN');
    expect(await get('hot').catch((error: unknown) => error)).toBeInstanceOf(CircuitOpenError);
  });

  it('converts a non-string key to a string', async () => {
    const get = protect(
      async (id: number) => id,
      [circuitBreaker({ name: 'ids', key: ([id]) => id as string })],
      { runtime },
    );
    await get(7);
    expect(breakerRegistry(runtime).toJSON().breakers[0]).toEqual({ name: 'ids', keys: [] });
    expect(breakerRegistry(runtime).state('ids', '7')).toBe('CLOSED');
  });
});
