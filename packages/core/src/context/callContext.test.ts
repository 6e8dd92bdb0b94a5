import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../errors/kernelErrors.js';
import {
  currentContext,
  currentDeadline,
  currentRequestId,
  currentSignal,
  currentUser,
  runInContext,
} from './callContext.js';

const throwSecret = (): never => {
  throw new Error('sk_live_secret');
};

describe('call context', () => {
  it('is empty outside any context', () => {
    expect(currentContext()).toBeUndefined();
    expect(currentUser()).toBeUndefined();
  });

  it('carries user, request id and deadline across awaits, merging nested patches', async () => {
    const seen = await runInContext(
      { user: { key: 'u-1', attributes: { region: 'eu' } }, requestId: 'r-1' },
      async () => {
        await Promise.resolve();
        return runInContext({ deadline: 500 }, async () => {
          await new Promise((resolve) => setImmediate(resolve));
          return {
            user: currentUser(),
            requestId: currentRequestId(),
            deadline: currentDeadline(),
          };
        });
      },
    );
    expect(seen).toEqual({
      user: { key: 'u-1', attributes: { region: 'eu' } },
      requestId: 'r-1',
      deadline: 500,
    });
  });

  it('passes arguments through to the function it runs', () => {
    const sum = runInContext(
      { requestId: 'r-2' },
      (a: number, b: number) => `${currentRequestId()}:${a + b}`,
      2,
      3,
    );
    expect(sum).toBe('r-2:5');
  });

  it('hands out the signal of the cancellation slot only when asked', () => {
    let created = 0;
    const cancellation = {
      get signal() {
        created++;
        return new AbortController().signal;
      },
    };
    runInContext({ cancellation }, () => {
      runInContext({ requestId: 'nested' }, () => undefined);
      expect(created).toBe(0);
      expect(currentSignal()).toBeInstanceOf(AbortSignal);
      expect(created).toBe(1);
    });
  });

  it.each([
    [
      'a duck-typed signal',
      { signal: { aborted: true } },
      '"signal" must be an AbortSignal (got an object)',
    ],
    [
      'a string deadline',
      { deadline: '500' },
      '"deadline" must be a number (runtime clock milliseconds) (got a string of 3 characters)',
    ],
    [
      'a NaN deadline',
      { deadline: Number.NaN },
      '"deadline" must be a number (runtime clock milliseconds) (got NaN)',
    ],
    ['a numeric request id', { requestId: 42 }, '"requestId" must be a string (got 42)'],
    [
      'a user without a key',
      { user: { id: 'u-1' } },
      '"user.key" must be a string (got undefined)',
    ],
    [
      'a user that is a string',
      { user: 'u-1' },
      '"user" must be an object with a string key (got a string of 3 characters)',
    ],
    ['no object at all', null, '"context" must be an object (got null)'],
    [
      'a context whose getter throws',
      Object.defineProperty({}, 'deadline', { enumerable: true, get: throwSecret }),
      'the context cannot be read (see cause)',
    ],
    [
      'a user whose key getter throws',
      { user: Object.defineProperty({}, 'key', { get: throwSecret }) },
      'the context cannot be read (see cause)',
    ],
  ])('refuses %s with a coded error before running anything', (_name, patch, message) => {
    let ran = false;
    const run = (): void =>
      runInContext(patch as never, () => {
        ran = true;
      });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(`runInContext: ${message}.`);
    expect(ran).toBe(false);
  });

  it('keeps a secret out of the refusal', () => {
    expect(() =>
      runInContext({ requestId: { token: 'sk_live_secret' } } as never, () => 0),
    ).toThrow(/^runInContext: "requestId" must be a string \(got an object\)\.$/);
  });
});
