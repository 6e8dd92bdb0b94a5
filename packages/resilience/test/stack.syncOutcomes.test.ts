import 'reflect-metadata';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createRuntime, type Runtime, weave } from '@ballast/core';
import { CircuitBreaker, ConstantBackoff, Retry, Timeout } from '@ballast/resilience';

/*
 * Methods declared to return a promise (known async from their metadata) may still throw
 * synchronously or return a plain value; the stack treats them as the declared kind allows.
 */

type Script = (call: number) => Promise<string>;

let script: Script;
let calls = 0;
let keyFails = false;

class Dependency {
  @Retry({ name: 'dep', backoff: new ConstantBackoff(10), budget: false })
  @CircuitBreaker({
    name: 'dep',
    window: 'consecutive',
    consecutiveFailures: 5,
    key: () => {
      if (keyFails) throw new Error('no key');
      return 'k';
    },
  })
  @Timeout({ ms: 100, name: 'dep' })
  fetch(): Promise<string> {
    return script(++calls);
  }
}

/** Calls `fetch` once; reports whether it answered synchronously and how it settled. */
async function run(): Promise<{ sync?: boolean; value?: unknown; thrown?: unknown }> {
  const runtime: Runtime = createRuntime();
  const service = weave(new Dependency(), runtime);
  calls = 0;
  try {
    const result = service.fetch();
    const sync = !(result instanceof Promise);
    const settled = Promise.resolve(result).then(
      (value) => value,
      (error: unknown) => error,
    );
    await jest.advanceTimersByTimeAsync(500);
    return { sync, value: await settled };
  } catch (error) {
    return { thrown: error };
  } finally {
    runtime.dispose();
  }
}

describe('the stack on promise-declared methods that answer synchronously', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    keyFails = false;
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('turns a synchronous throw into a retried rejection', async () => {
    script = (call) => {
      if (call === 1) throw new Error('sync boom');
      return Promise.resolve(`ok ${call}`);
    };
    expect(await run()).toEqual({ sync: false, value: 'ok 2' });
    expect(calls).toBe(2);
  });

  it('returns a plain value as it came', async () => {
    script = () => 'plain' as unknown as Promise<string>;
    expect(await run()).toEqual({ sync: true, value: 'plain' });
    expect(calls).toBe(1);
  });

  it('retries a throwing breaker key function, then gives up without calling the method', async () => {
    keyFails = true;
    script = (call) => Promise.resolve(`ok ${call}`);
    expect(await run()).toMatchObject({
      sync: false,
      value: { code: 'BALLAST_ERR_RETRY_EXHAUSTED', cause: { message: 'no key' } },
    });
    expect(calls).toBe(0);
  });
});
