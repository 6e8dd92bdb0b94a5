import { getEventListeners } from 'node:events';
import { describe, expect, it, jest } from '@jest/globals';
import { protect, type Runtime, runInContext } from '@ballast/core';
import {
  bulkhead,
  circuitBreaker,
  ConstantBackoff,
  rateLimit,
  retry,
  timeout,
} from '@ballast/resilience';
import { hang, outcomeOf } from './outcomes.js';
import { eachTestRuntime } from './eachTestRuntime.js';

const CALLS = 10_000;
// Ten thousand calls take about a second alone; a loaded CI machine must not fail them on Jest's 5 s.
const LOOP_TIMEOUT_MS = 30_000;

describe('cancellation leaves no listener behind', () => {
  let runtime: Runtime;
  eachTestRuntime((fresh) => (runtime = fresh));

  it(
    `removes every listener it added: ${CALLS.toLocaleString('en')} calls cancelled while waiting, timed or retrying`,
    async () => {
      let calls = 0;
      const call = protect(
        async () => (++calls % 2 === 0 ? hang() : Promise.reject(new Error('down'))),
        [
          retry({ maxAttempts: 3, backoff: new ConstantBackoff(1_000), budget: false }),
          circuitBreaker({ window: 'consecutive', consecutiveFailures: 1_000_000 }),
          rateLimit({ rate: 1_000_000, burst: 1_000_000 }),
          timeout(60_000),
          bulkhead({ maxConcurrent: 1, maxQueue: CALLS, queueTimeout: 60_000 }),
        ],
        { runtime, name: 'dep' },
      );
      const signals: AbortSignal[] = [];
      const outcomes: Promise<unknown>[] = [];
      for (let i = 0; i < CALLS; i++) {
        const controller = new AbortController();
        signals.push(controller.signal);
        outcomes.push(outcomeOf(runInContext({ signal: controller.signal }, () => call())));
        if (i % 100 === 99) await jest.advanceTimersByTimeAsync(0);
        controller.abort();
      }
      const settled = await Promise.all(outcomes);
      expect(
        settled.every((outcome) => (outcome as { code?: string }).code === 'BALLAST_ERR_CANCELLED'),
      ).toBe(true);
      expect(signals.filter((signal) => getEventListeners(signal, 'abort').length > 0)).toEqual([]);
      expect(runtime.scheduler.keepingAlive).toBe(false);
    },
    LOOP_TIMEOUT_MS,
  );

  it(
    `keeps the listener count on one long-lived signal flat over ${CALLS.toLocaleString('en')} calls`,
    async () => {
      let calls = 0;
      const call = protect(
        async () => {
          calls++;
          if (calls % 3 === 0) throw new Error('down');
          if (calls % 5 === 0) return hang();
          return 'ok';
        },
        [
          retry({ maxAttempts: 2, backoff: new ConstantBackoff(10), budget: false }),
          timeout(100),
          bulkhead({ maxConcurrent: 10, maxQueue: CALLS, queueTimeout: 60_000 }),
        ],
        { runtime, name: 'dep' },
      );
      const shutdown = new AbortController();
      let most = 0;
      await runInContext({ signal: shutdown.signal }, async () => {
        for (let i = 0; i < CALLS; i += 100) {
          const batch = Array.from({ length: 100 }, () => outcomeOf(call()));
          most = Math.max(most, getEventListeners(shutdown.signal, 'abort').length);
          await jest.advanceTimersByTimeAsync(250);
          await Promise.all(batch);
        }
      });
      expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
      expect(most).toBeLessThanOrEqual(100 * 3); // per call in flight: at most one per aspect waiting
    },
    LOOP_TIMEOUT_MS,
  );
});
