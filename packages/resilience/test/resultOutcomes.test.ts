import { describe, expect, it, jest } from '@jest/globals';
import { protect, type Runtime, runInContext, weave } from '@ballast/core';
import {
  breakerStatistics,
  CircuitBreaker,
  circuitBreaker,
  CircuitOpenError,
  ConstantBackoff,
  currentAttempt,
  Retry,
  retry,
} from '@ballast/resilience';
import { outcomeOf } from './outcomes.js';
import { eachTestRuntime } from './eachTestRuntime.js';

/** What an HTTP client returns rather than throws. */
interface Reply {
  readonly status: number;
}

describe('outcomes read from results', () => {
  let runtime: Runtime;
  eachTestRuntime((fresh) => (runtime = fresh));

  it('counts a returned 503 as a breaker failure, returns it all the same, and opens on it', async () => {
    class Upstream {
      @CircuitBreaker({
        window: 'consecutive',
        consecutiveFailures: 2,
        failOnResult: (reply) => (reply as Reply).status >= 500,
      })
      async get(status: number): Promise<Reply> {
        return { status };
      }
    }
    const upstream = weave(new Upstream(), runtime);
    await expect(upstream.get(200)).resolves.toEqual({ status: 200 });
    await expect(upstream.get(503)).resolves.toEqual({ status: 503 });
    await expect(upstream.get(503)).resolves.toEqual({ status: 503 });
    const refused = (await outcomeOf(upstream.get(200))) as CircuitOpenError;
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect(refused.cause).toEqual({ status: 503 });
    expect(breakerStatistics(runtime).get('Upstream.get')?.calls).toMatchObject({
      successful: 1,
      failed: 2,
    });
  });

  it('gives CircuitOpenError the failure that opened the breaker as its cause', async () => {
    const opening = Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
    const call = protect(
      async () => Promise.reject(opening),
      [circuitBreaker({ window: 'consecutive', consecutiveFailures: 1 })],
      { runtime, name: 'dep' },
    );
    await outcomeOf(call());
    const refused = (await outcomeOf(call())) as CircuitOpenError;
    expect(refused.code).toBe('BALLAST_ERR_CIRCUIT_OPEN');
    expect(refused.cause).toBe(opening);
  });

  it('retries a returned value retryOnResult rejects, and returns the last one when attempts run out', async () => {
    let status = 0;
    const call = protect(
      async (): Promise<Reply> => ({ status: [503, 503, 503][status++] ?? 200 }),
      [
        retry({
          maxAttempts: 3,
          backoff: new ConstantBackoff(0),
          budget: false,
          retryOnResult: (reply) => (reply as Reply).status === 503,
        }),
      ],
      { runtime },
    );
    await expect(call()).resolves.toEqual({ status: 503 });
    expect(status).toBe(3);
  });

  it('lets the method read its attempt number, before its first await and inside a call context', async () => {
    const seen: [number | undefined, number | undefined][] = [];
    class Sender {
      @Retry({ maxAttempts: 3, backoff: new ConstantBackoff(10), budget: false })
      async send(): Promise<string> {
        const before = currentAttempt();
        await Promise.resolve();
        seen.push([before, currentAttempt()]);
        if (seen.length < 3) throw new Error('lost');
        return 'sent';
      }
    }
    const sender = weave(new Sender(), runtime);
    const sent = runInContext({ requestId: 'r-1' }, () => sender.send());
    await jest.advanceTimersByTimeAsync(100);
    await expect(sent).resolves.toBe('sent');
    expect(seen).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(currentAttempt()).toBeUndefined();
  });
});
