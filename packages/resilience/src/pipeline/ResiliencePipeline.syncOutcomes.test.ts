import 'reflect-metadata';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createRuntime, type Runtime, weave } from '@ballast/core';
import { breakerStatistics } from '../circuit-breaker/BreakerRegistry.js';
import { CircuitBreaker, type CircuitBreakerOptions } from '../circuit-breaker/CircuitBreaker.js';
import { ConstantBackoff } from '../retry/backoff/ConstantBackoff.js';
import { Retry } from '../retry/Retry.js';
import type { RetryOptions } from '../retry/RetryOptions.js';
import { retryStatistics } from '../retry/RetryStatistics.js';
import { Timeout } from '../timeout/Timeout.js';
import { timeoutStatistics } from '../timeout/TimeoutStatistics.js';
import { resilienceFusion } from './resilienceFusion.js';

/*
 * Methods declared to return a promise (known async from their metadata) may still throw
 * synchronously or return a plain value. The fused pipeline must treat those outcomes as the
 * layered aspects do. Layered here: the same options taken from named policies, which the
 * kernel never fuses.
 */

type Script = (call: number) => Promise<string>;

let script: Script;
let calls = 0;
let keyFails = false;

const retryOptions: RetryOptions = { name: 'dep', backoff: new ConstantBackoff(10), budget: false };
const breakerOptions: CircuitBreakerOptions = {
  name: 'dep',
  window: 'consecutive',
  consecutiveFailures: 5,
  key: () => {
    if (keyFails) throw new Error('no key');
    return 'k';
  },
};

class Fused {
  @Retry(retryOptions)
  @CircuitBreaker(breakerOptions)
  @Timeout({ ms: 100, name: 'dep' })
  fetch(): Promise<string> {
    return script(++calls);
  }
}

class Layered {
  @Retry('dep')
  @CircuitBreaker('dep')
  @Timeout('dep')
  fetch(): Promise<string> {
    return script(++calls);
  }
}

function summary(outcome: unknown): unknown {
  if (!(outcome instanceof Error)) return outcome;
  const { code, reason } = outcome as unknown as Record<string, unknown>;
  return {
    name: outcome.name,
    message: outcome.message,
    code,
    reason,
    cause: summary(outcome.cause),
  };
}

async function run(fused: boolean): Promise<unknown> {
  const runtime: Runtime = createRuntime({
    config: {
      policies: {
        Retry: { dep: retryOptions },
        CircuitBreaker: { dep: breakerOptions },
        Timeout: { dep: { ms: 100, name: 'dep' } },
      },
    },
  });
  const fuse = jest.spyOn(resilienceFusion, 'fuse');
  fuse.mockClear();
  const service = weave(fused ? new Fused() : new Layered(), runtime);
  expect(fuse.mock.results.map((result) => typeof result.value)).toEqual(fused ? ['function'] : []);
  calls = 0;
  let outcome: unknown;
  try {
    const result = service.fetch();
    const sync = !(result instanceof Promise);
    const settled = Promise.resolve(result).then(summary, summary);
    await jest.advanceTimersByTimeAsync(500);
    outcome = { sync, value: await settled };
  } catch (error) {
    outcome = { thrown: summary(error) };
  }
  const statistics = {
    retry: { ...retryStatistics(runtime).get('dep') },
    breaker: breakerStatistics(runtime).map((entry) => ({ ...entry })),
    timeout: { ...timeoutStatistics(runtime).get('dep') },
  };
  runtime.dispose();
  return { outcome, calls, statistics };
}

async function expectEquivalent(): Promise<unknown> {
  const fused = await run(true);
  expect(fused).toEqual(await run(false));
  return fused;
}

describe('ResiliencePipeline with promise-declared methods that answer synchronously', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    keyFails = false;
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('turns a synchronous throw into a retried rejection, as layered', async () => {
    script = (call) => {
      if (call === 1) throw new Error('sync boom');
      return Promise.resolve(`ok ${call}`);
    };
    expect(await expectEquivalent()).toMatchObject({
      outcome: { sync: false, value: 'ok 2' },
      calls: 2,
    });
  });

  it('returns a plain value as it came, as layered', async () => {
    script = () => 'plain' as unknown as Promise<string>;
    expect(await expectEquivalent()).toMatchObject({
      outcome: { sync: true, value: 'plain' },
      calls: 1,
    });
  });

  it('retries a throwing breaker key function the way the layered retry does', async () => {
    keyFails = true;
    script = (call) => Promise.resolve(`ok ${call}`);
    expect(await expectEquivalent()).toMatchObject({
      calls: 0,
      outcome: { value: { code: 'BALLAST_ERR_RETRY_EXHAUSTED' } },
    });
  });
});
