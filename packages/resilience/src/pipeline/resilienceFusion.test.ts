import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { AspectOrder, createRuntime, protect, type Runtime, weave } from '@ballast/core';
import { CircuitBreaker, circuitBreaker } from '../circuit-breaker/CircuitBreaker.js';
import { RateLimit } from '../rate-limit/RateLimit.js';
import { ConstantBackoff } from '../retry/backoff/ConstantBackoff.js';
import { Retry, retry } from '../retry/Retry.js';
import { Timeout, timeout } from '../timeout/Timeout.js';
import { resilienceFusion } from './resilienceFusion.js';

class Full {
  @Retry()
  @CircuitBreaker()
  @Timeout(100)
  async add(a: number, b: number): Promise<number> {
    return a + b;
  }
}

class Sync {
  @Retry({ backoff: new ConstantBackoff(0) })
  @CircuitBreaker()
  add(a: number, b: number): number {
    return a + b;
  }
}

class Limited {
  @Retry()
  @CircuitBreaker()
  @RateLimit({ rate: 100 })
  @Timeout(100)
  async add(a: number, b: number): Promise<number> {
    return a + b;
  }
}

class FromPolicy {
  @Retry('fast')
  @CircuitBreaker()
  @Timeout(100)
  async add(a: number, b: number): Promise<number> {
    return a + b;
  }
}

class Reordered {
  @AspectOrder('Timeout', 'CircuitBreaker', 'Retry')
  @Retry()
  @CircuitBreaker()
  @Timeout(100)
  async add(a: number, b: number): Promise<number> {
    return a + b;
  }
}

describe('resilienceFusion', () => {
  let runtime: Runtime;
  let fuse: jest.SpiedFunction<typeof resilienceFusion.fuse>;
  beforeEach(() => {
    runtime = createRuntime({ config: { policies: { Retry: { fast: { maxAttempts: 2 } } } } });
    fuse = jest.spyOn(resilienceFusion, 'fuse');
  });
  afterEach(() => {
    runtime.dispose();
  });

  /** The runs offered to the fusion, by member names, and whether each was fused. */
  function offers(): { members: string[]; fused: boolean }[] {
    return fuse.mock.calls.map(([members], index) => ({
      members: members.map((member) => member.aspect.name),
      fused: typeof fuse.mock.results[index]?.value === 'function',
    }));
  }

  it('fuses Retry, CircuitBreaker and Timeout of an async method into one advice', async () => {
    const woven = weave(new Full(), runtime);
    await expect(woven.add(1, 2)).resolves.toBe(3);
    expect(offers()).toEqual([{ members: ['Retry', 'CircuitBreaker', 'Timeout'], fused: true }]);
  });

  it('declines a synchronous method, which stays synchronous', () => {
    const woven = weave(new Sync(), runtime);
    expect(woven.add(1, 2)).toBe(3);
    expect(offers()).toEqual([{ members: ['Retry', 'CircuitBreaker'], fused: false }]);
  });

  it('leaves the Timeout layered when a RateLimit sits between it and the breaker', async () => {
    const woven = weave(new Limited(), runtime);
    await expect(woven.add(2, 2)).resolves.toBe(4);
    expect(offers()).toEqual([{ members: ['Retry', 'CircuitBreaker'], fused: true }]);
  });

  it('leaves out a member whose options come from a named policy', async () => {
    const woven = weave(new FromPolicy(), runtime);
    await expect(woven.add(1, 2)).resolves.toBe(3);
    expect(offers()).toEqual([{ members: ['CircuitBreaker', 'Timeout'], fused: true }]);
  });

  it('declines members in another order than Retry, CircuitBreaker, Timeout', async () => {
    const woven = weave(new Reordered(), runtime);
    await expect(woven.add(1, 2)).resolves.toBe(3);
    expect(offers()).toEqual([{ members: ['Timeout', 'CircuitBreaker', 'Retry'], fused: false }]);
  });

  it('declines a function whose async-ness is unknown at weave time, and fuses an async one', async () => {
    const uses = [retry(), circuitBreaker(), timeout(100)];
    const plain = protect((n: number) => Promise.resolve(n), uses, { runtime, name: 'plain' });
    const async = protect(async (n: number) => n, uses, { runtime, name: 'async' });
    await expect(plain(1)).resolves.toBe(1);
    await expect(async(2)).resolves.toBe(2);
    expect(offers().map((offer) => offer.fused)).toEqual([false, true]);
  });
});
