import { describe, expect, it, jest } from '@jest/globals';
import { type Runtime, weave } from '@ballast/core';
import {
  Bulkhead,
  breakerRegistry,
  CircuitBreaker,
  CircuitOpenError,
  RateLimit,
  Timeout,
} from '@ballast/resilience';
import { outcomeOf } from './outcomes.js';
import { eachTestRuntime } from './eachTestRuntime.js';

/** A dependency that hangs until told otherwise. */
class Hanging {
  hang = true;
  calls = 0;

  @CircuitBreaker({
    name: 'hanging',
    windowSize: 2,
    minimumCalls: 2,
    openDuration: 1_000,
    halfOpenProbes: 2,
  })
  @Timeout(100)
  async get(): Promise<string> {
    this.calls++;
    return this.hang ? new Promise<string>(() => undefined) : 'ok';
  }

  @CircuitBreaker({ name: 'limited', windowSize: 2, minimumCalls: 2 })
  @RateLimit({ rate: 1, interval: 60_000 })
  @Bulkhead({ maxConcurrent: 1 })
  async limited(): Promise<string> {
    return 'ok';
  }
}

let runtime: Runtime;
eachTestRuntime((fresh) => (runtime = fresh));

describe('CircuitBreaker composed with the other aspects (public API)', () => {
  it('settles half-open probes that an inner @Timeout cuts off, so the breaker never sticks half-open', async () => {
    const dependency = weave(new Hanging(), runtime);
    const first = [outcomeOf(dependency.get()), outcomeOf(dependency.get())];
    await jest.advanceTimersByTimeAsync(100);
    expect(await Promise.all(first)).toEqual([
      expect.objectContaining({ code: 'BALLAST_ERR_TIMEOUT' }),
      expect.objectContaining({ code: 'BALLAST_ERR_TIMEOUT' }),
    ]);
    const registry = breakerRegistry(runtime);
    expect(registry.state('hanging')).toBe('OPEN');

    await jest.advanceTimersByTimeAsync(1_000);
    const probes = [outcomeOf(dependency.get()), outcomeOf(dependency.get())];
    expect(await outcomeOf(dependency.get())).toBeInstanceOf(CircuitOpenError);
    await jest.advanceTimersByTimeAsync(100);
    await Promise.all(probes);
    expect(registry.state('hanging')).toBe('OPEN');

    dependency.hang = false;
    await jest.advanceTimersByTimeAsync(1_000);
    await expect(dependency.get()).resolves.toBe('ok');
    await expect(dependency.get()).resolves.toBe('ok');
    expect(registry.state('hanging')).toBe('CLOSED');
    expect(dependency.calls).toBe(6);
  });

  it('keeps the breaker closed when only the rate limit refuses calls', async () => {
    const dependency = weave(new Hanging(), runtime);
    await expect(dependency.limited()).resolves.toBe('ok');
    for (let i = 0; i < 5; i++) {
      expect(await outcomeOf(dependency.limited())).toMatchObject({
        code: 'BALLAST_ERR_RATE_LIMITED',
      });
    }
    expect(breakerRegistry(runtime).state('limited')).toBe('CLOSED');
  });
});
