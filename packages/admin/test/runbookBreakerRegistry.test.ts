import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createRuntime, protect, type Runtime } from '@ballast/core';
import { breakerRegistry, circuitBreaker } from '@ballast/resilience';
import {
  breakerActions,
  breakerOpenFor,
  createRunbookEngine,
  type RunbookEngine,
} from '../src/index.js';
import { tempStore, type TempStore } from './runbookFixtures.js';

describe('Runbooks on a real breaker registry', () => {
  let store: TempStore;
  let runtime: Runtime;
  let engine: RunbookEngine;
  let call: () => Promise<string>;
  let healthy = false;

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_700_000_000_000 });
    store = tempStore();
    runtime = createRuntime();
    const registry = breakerRegistry(runtime);
    engine = createRunbookEngine({
      runtime,
      store: store.path,
      actions: breakerActions(registry),
      conditions: [breakerOpenFor(registry, runtime)],
    });
    healthy = false;
    call = protect(
      async () => {
        if (!healthy) throw new Error('payments down');
        return 'paid';
      },
      [
        circuitBreaker({
          name: 'payments',
          window: 'consecutive',
          consecutiveFailures: 2,
          openDuration: 600_000,
        }),
      ],
      { runtime, name: 'payments' },
    );
  });

  afterEach(() => {
    runtime.dispose();
    store.cleanup();
    jest.useRealTimers();
  });

  it('forces a breaker open and closes it again through runbook steps', async () => {
    await expect(call()).rejects.toThrow('payments down');
    engine.createRunbook({
      id: 'isolate',
      name: 'Isolate payments',
      scene: 'EMERGENCY',
      steps: [{ action: 'breaker.forceOpen', params: { name: 'payments' } }],
    });
    engine.createRunbook({
      id: 'restore',
      name: 'Restore payments',
      scene: 'RECOVERY',
      steps: [{ action: 'breaker.close', params: { name: 'payments' } }],
    });
    const isolated = await engine.settled(engine.execute('isolate').id);
    expect(isolated.steps[0]!.output).toEqual({
      breaker: 'payments',
      key: null,
      state: 'FORCED_OPEN',
    });
    expect(breakerRegistry(runtime).state('payments')).toBe('FORCED_OPEN');
    healthy = true;
    await expect(call()).rejects.toMatchObject({ code: 'BALLAST_ERR_CIRCUIT_OPEN' });

    await engine.settled(engine.execute('restore').id);
    expect(breakerRegistry(runtime).state('payments')).toBe('CLOSED');
    await expect(call()).resolves.toBe('paid');
  });

  it('closes a breaker that stayed open for 30 s by itself, once per cool-down', async () => {
    engine.createRunbook({
      id: 'auto-close',
      name: 'Auto close payments',
      scene: 'SELF_RECOVERY',
      trigger: {
        condition: 'breaker.openFor',
        params: { breaker: 'payments', seconds: 30 },
        coolDownSeconds: 300,
      },
      steps: [{ action: 'breaker.close', params: { name: 'payments' } }],
    });
    await expect(call()).rejects.toThrow('payments down');
    await expect(call()).rejects.toThrow('payments down');
    expect(breakerRegistry(runtime).state('payments')).toBe('OPEN');

    await jest.advanceTimersByTimeAsync(29_999);
    expect(engine.listExecutions()).toEqual([]);
    await jest.advanceTimersByTimeAsync(1); // opened at t = 0 (event time), polled at t = 30 s
    expect(engine.listExecutions().map((run) => [run.trigger, run.status])).toEqual([
      ['condition', 'SUCCEEDED'],
    ]);
    expect(breakerRegistry(runtime).state('payments')).toBe('CLOSED');

    // Still failing: it opens again, but the cool-down holds the runbook back.
    await expect(call()).rejects.toThrow('payments down');
    await expect(call()).rejects.toThrow('payments down');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(engine.listExecutions()).toHaveLength(1);
    expect(breakerRegistry(runtime).state('payments')).toBe('OPEN');
  });

  it('restarts the clock when the breaker closes and reopens between two polls', async () => {
    engine.createRunbook({
      id: 'auto-close',
      name: 'Auto close payments',
      scene: 'SELF_RECOVERY',
      trigger: { condition: 'breaker.openFor', params: { breaker: 'payments', seconds: 30 } },
      steps: [{ action: 'breaker.close', params: { name: 'payments' } }],
    });
    await expect(call()).rejects.toThrow();
    await expect(call()).rejects.toThrow();
    await jest.advanceTimersByTimeAsync(20_500);
    breakerRegistry(runtime).close('payments'); // a probe succeeded…
    await expect(call()).rejects.toThrow(); // …and it failed again at once
    await expect(call()).rejects.toThrow();
    expect(breakerRegistry(runtime).state('payments')).toBe('OPEN');

    await jest.advanceTimersByTimeAsync(30_000); // polls only ever saw OPEN, since t = 1 s
    expect(engine.listExecutions()).toEqual([]);
    await jest.advanceTimersByTimeAsync(500); // first poll 30 s after the reopening
    expect(engine.listExecutions()).toHaveLength(1);
  });
});
