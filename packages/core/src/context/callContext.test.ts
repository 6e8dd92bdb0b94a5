import { describe, expect, it } from '@jest/globals';
import {
  currentContext,
  currentDeadline,
  currentRequestId,
  currentSignal,
  currentUser,
  runInContext,
} from './callContext.js';

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
});
