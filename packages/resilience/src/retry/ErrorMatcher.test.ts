import { describe, expect, it, jest } from '@jest/globals';
import { protect, type Runtime } from '@ballast/core';
import { ConstantBackoff } from './backoff/ConstantBackoff.js';
import { retry } from './Retry.js';
import { eachTestRuntime } from '../../test/eachTestRuntime.js';
import { rejectionAfter } from '../../test/outcomes.js';

/** What Node's `fetch` throws on a reset connection: the code sits on the cause. */
function fetchFailure(code: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error('socket'), { code }) });
}

describe('error matchers', () => {
  let runtime: Runtime;
  eachTestRuntime((fresh) => (runtime = fresh));

  function failingWith(error: () => unknown, retryOn: string[]) {
    let calls = 0;
    const call = protect(
      async () => {
        calls++;
        throw error();
      },
      [retry({ retryOn, backoff: new ConstantBackoff(10), budget: false, onGiveUp: 'rethrow' })],
      { runtime, name: 'matcher' },
    );
    return { call, calls: () => calls };
  }

  it('matches a code carried by the error’s cause, as fetch reports a reset connection', async () => {
    const { call, calls } = failingWith(() => fetchFailure('ECONNRESET'), ['ECONNRESET']);
    const outcome = expect(call()).rejects.toThrow('fetch failed');
    await jest.advanceTimersByTimeAsync(20);
    await outcome;
    expect(calls()).toBe(3);
  });

  it('does not match when no error in the cause chain carries the code', async () => {
    const { call, calls } = failingWith(() => fetchFailure('ECONNRESET'), ['ETIMEDOUT']);
    await expect(call()).rejects.toThrow('fetch failed');
    expect(calls()).toBe(1);
  });

  it('stops following a cyclic cause chain', async () => {
    const cyclic = (): Error => {
      const error = new Error('loop');
      error.cause = error;
      return error;
    };
    const { call, calls } = failingWith(cyclic, ['ECONNRESET']);
    await expect(call()).rejects.toThrow('loop');
    expect(calls()).toBe(1);
  });

  it('reads past an error whose cause or prototype cannot be read, to the items after them', async () => {
    const trap = (): never => {
      throw new Error('trap');
    };
    const hostile = [
      Object.defineProperty(new Error('cause getter'), 'cause', { get: trap }),
      new Proxy(new Error('proxy'), { getPrototypeOf: trap }),
    ];
    for (const thrown of hostile) {
      let calls = 0;
      const call = protect(
        async () => {
          calls++;
          throw thrown;
        },
        [
          retry({
            retryOn: [RangeError, 'ECONNRESET', () => true],
            backoff: new ConstantBackoff(10),
            budget: false,
            giveUp: 'rethrow',
          }),
        ],
        { runtime, name: 'hostileMatcher' },
      );
      const { error } = await rejectionAfter(call(), 20);
      expect(error === thrown).toBe(true);
      expect(calls).toBe(3);
    }
  });
});
