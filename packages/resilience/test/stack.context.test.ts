import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { type AspectUse, createRuntime, protect, runInContext } from '@ballast/core';
import { circuitBreaker, ConstantBackoff, retry, timeout } from '@ballast/resilience';
import { hang, outcomeOf } from './outcomes.js';
import { all, type Answer, type Drive, ok, refused, runStack, single } from './stackFixtures.js';

describe('Retry ( CircuitBreaker ( Timeout ( method ))) and the call context', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('aborts the cooperative signal at the deadline and retries the late rejection as a TimeoutError', async () => {
    const uses = (): AspectUse[] => [
      retry({ backoff: new ConstantBackoff(10), budget: false }),
      circuitBreaker(),
      timeout({ ms: 100, mode: 'cooperative' }),
    ];
    const answer: Answer = (call, signal) => {
      if (call > 1) return ok(call);
      return new Promise<string>((_resolve, reject) =>
        signal!.addEventListener('abort', () => reject(signal!.reason as Error)),
      );
    };
    const seen = await runStack(uses, answer, single(500));
    expect(seen.outcomes).toEqual(['ok 2']);
    expect(seen.deadlines).toEqual([100, 100]);
    expect(seen.statistics).toMatchObject({
      timeout: { timeouts: 1 },
      breaker: [{ calls: { failed: 1, successful: 1 } }],
    });
  });

  it('shortens the attempt to the caller deadline and stops retrying once it cannot be met', async () => {
    const drive: Drive = async (call) => {
      const outcome = outcomeOf(runInContext({ deadline: Date.now() + 150 }, call));
      await jest.advanceTimersByTimeAsync(500);
      return [await outcome];
    };
    const uses = (): AspectUse[] => [
      retry({ backoff: new ConstantBackoff(10), budget: false }),
      circuitBreaker(),
      timeout(1_000),
    ];
    const seen = await runStack(uses, hang, drive);
    expect(seen.deadlines).toEqual([150]);
    expect(seen.outcomes).toEqual([
      expect.objectContaining({ code: 'BALLAST_ERR_RETRY_EXHAUSTED', reason: 'deadline' }),
    ]);
  });

  it('fails at once with a TimeoutError when the caller deadline has already passed', async () => {
    const drive: Drive = async (call) => [
      await outcomeOf(runInContext({ deadline: Date.now() - 1 }, call)),
    ];
    const seen = await runStack(all, ok, drive);
    expect(seen.calls).toBe(0);
    expect(seen.outcomes).toEqual([
      expect.objectContaining({
        code: 'BALLAST_ERR_RETRY_EXHAUSTED',
        reason: 'deadline',
        cause: expect.objectContaining({ code: 'BALLAST_ERR_TIMEOUT' }),
      }),
    ]);
  });

  it('leaves retrying to an outer retry (nested: yield), also when only the call context shows it', async () => {
    const drive: Drive = async (call) => {
      const outerRuntime = createRuntime();
      const outer = protect(
        async () => {
          await Promise.resolve(); // past the synchronous part: only the context marks the outer attempt
          return call();
        },
        [retry({ maxAttempts: 2, backoff: new ConstantBackoff(10), budget: false })],
        { runtime: outerRuntime, name: 'outer' },
      );
      const outcome = outcomeOf(runInContext({ requestId: 'r-1' }, () => outer()));
      await jest.advanceTimersByTimeAsync(100);
      const settled = await outcome;
      outerRuntime.dispose();
      return [settled];
    };
    const seen = await runStack(all, refused, drive);
    expect(seen.calls).toBe(2);
    expect(seen.statistics).toMatchObject({ retry: { failedWithoutRetry: 0, failedWithRetry: 0 } });
  });

  it('marks its attempts so a nested retry inside the method yields to it', async () => {
    const innerRuntime = createRuntime();
    const inner = protect(
      async () => refused(),
      [retry({ backoff: new ConstantBackoff(10), budget: false })],
      { runtime: innerRuntime, name: 'inner' },
    );
    const answer: Answer = async () => {
      await Promise.resolve(); // past the synchronous part: only the context marks the attempt
      return inner();
    };
    const drive: Drive = async (call) => {
      const outcome = outcomeOf(runInContext({ requestId: 'r-2' }, call));
      await jest.advanceTimersByTimeAsync(100);
      return [await outcome];
    };
    const seen = await runStack(all, answer, drive);
    innerRuntime.dispose();
    expect(seen.calls).toBe(3);
    expect(seen.outcomes).toEqual([
      expect.objectContaining({
        code: 'BALLAST_ERR_RETRY_EXHAUSTED',
        cause: expect.objectContaining({ code: 'ECONNREFUSED' }),
      }),
    ]);
  });
});
