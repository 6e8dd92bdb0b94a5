import { describe, expect, it, jest } from '@jest/globals';
import { ConfigError, protect, type Runtime } from '@ballast/core';
import { ConstantBackoff } from './backoff/ConstantBackoff.js';
import { Retry, retry } from './Retry.js';
import { retryStatistics } from './RetryStatistics.js';
import type {
  RetryBudgetBackend,
  RetryBudgetLimits,
  SharedRetryBudget,
} from './SharedRetryBudget.js';
import { outcomeOf } from '../../test/outcomes.js';
import { eachTestRuntime } from '../../test/eachTestRuntime.js';

/** A backend whose budgets grant a fixed number of retries and count what they are told. */
class CountingBackend implements RetryBudgetBackend {
  readonly made: { name: string; limits: RetryBudgetLimits }[] = [];
  calls = 0;
  asks = 0;
  constructor(public retriesLeft: number) {}

  budget(name: string, limits: RetryBudgetLimits): SharedRetryBudget {
    this.made.push({ name, limits });
    return {
      recordCall: () => void this.calls++,
      tryAcquire: () => {
        this.asks++;
        if (this.retriesLeft === 0) return false;
        this.retriesLeft--;
        return true;
      },
    };
  }
}

let runtime: Runtime;
eachTestRuntime((fresh) => (runtime = fresh));

describe('@Retry with a budget backend', () => {
  it('counts calls and asks for retries from the backend under the retry’s name', async () => {
    const backend = new CountingBackend(1);
    const exhausted: unknown[] = [];
    runtime.events.on('retry.budget-exhausted', (event) => exhausted.push(event));
    let attempts = 0;
    const charge = protect(
      async () => {
        attempts++;
        throw new Error('declined');
      },
      [
        retry({
          name: 'payments',
          maxAttempts: 3,
          backoff: new ConstantBackoff(0),
          budget: { ratio: 0.1, backend },
        }),
      ],
      { runtime },
    );
    const outcome = outcomeOf(charge());
    await jest.advanceTimersByTimeAsync(0);
    expect(await outcome).toMatchObject({ code: 'BALLAST_ERR_RETRY_EXHAUSTED', reason: 'budget' });
    expect(attempts).toBe(2); // one retry granted, the second refused by the backend
    expect(backend.made).toEqual([
      { name: 'payments', limits: { ratio: 0.1, minRetriesPerSecond: 10, windowMs: 10_000 } },
    ]);
    expect([backend.calls, backend.asks]).toEqual([1, 2]);
    expect(exhausted).toEqual([{ policy: 'payments', attempt: 2 }]);
    expect(retryStatistics(runtime).get('payments')).toMatchObject({ budgetExhausted: 1 });
  });

  it('rejects a backend without budget() with BALLAST_ERR_CONFIG', () => {
    const budget = { backend: { recordCall: () => undefined } } as never;
    expect(() => Retry({ budget })).toThrow(ConfigError);
    expect(() => Retry({ budget })).toThrow(
      '@Retry budget: option "backend" must be a RetryBudgetBackend (an object with budget(name, limits))',
    );
  });
});
