import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createRuntime, type PolicyConfig, type Runtime, weave } from '@ballast/core';
import { RateLimit, Retry, retryStatistics } from '@ballast/resilience';
import { outcomeOf } from './outcomes.js';

const sms = { rate: 1, interval: 1_000, burst: 2 };
const perUser = { ...sms, key: ([user]: unknown[]) => String(user) };
const payments = {
  maxAttempts: 2,
  backoff: () => 0,
  budget: { ratio: 0, minRetriesPerSecond: 0.1 },
};

class Notifier {
  @RateLimit('sms')
  async send(): Promise<string> {
    return 'sent';
  }

  @RateLimit('perUser')
  async sendTo(user: string): Promise<string> {
    return `sent to ${user}`;
  }
}

class Payments {
  calls = 0;

  @Retry('payments')
  async pay(): Promise<string> {
    this.calls++;
    throw new Error('declined');
  }
}

function config(overrides: Record<string, Record<string, unknown>> = {}): PolicyConfig {
  return {
    RateLimit: { sms, perUser, ...overrides.RateLimit },
    Retry: { payments, ...overrides.Retry },
    Bulkhead: { reports: { maxConcurrent: 2 }, ...overrides.Bulkhead },
  };
}

/** The outcomes of `count` calls made one after the other. */
async function outcomes(count: number, call: () => Promise<string>): Promise<unknown[]> {
  const seen: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const pending = outcomeOf(call());
    await jest.advanceTimersByTimeAsync(0);
    const outcome = await pending;
    seen.push(typeof outcome === 'string' ? outcome : (outcome as { code: string }).code);
  }
  return seen;
}

// Regression for issue 13.7: any updatePolicies() used to refill every named rate limiter
// (clearing keyed buckets) and reset every retry budget.
describe('a policy reload keeps the state it did not change', () => {
  let runtime: Runtime;
  beforeEach(() => {
    jest.useFakeTimers();
    runtime = createRuntime({ config: { policies: config() } });
  });
  afterEach(() => {
    runtime.dispose();
    jest.useRealTimers();
  });

  it.each([
    ['reapplies the same config', () => config()],
    [
      'changes only an unrelated Bulkhead policy',
      () => config({ Bulkhead: { reports: { maxConcurrent: 9 } } }),
    ],
    [
      'changes only the retry policy',
      () => config({ Retry: { payments: { ...payments, maxAttempts: 3 } } }),
    ],
  ])('keeps spent rate-limit tokens, single and keyed, when a reload %s', async (_what, next) => {
    const notifier = weave(new Notifier(), runtime);
    expect(await outcomes(2, () => notifier.send())).toEqual(['sent', 'sent']);
    expect(await outcomes(2, () => notifier.sendTo('ann'))).toEqual(['sent to ann', 'sent to ann']);
    runtime.updatePolicies(next());
    expect(await outcomes(1, () => notifier.send())).toEqual(['BALLAST_ERR_RATE_LIMITED']);
    expect(await outcomes(1, () => notifier.sendTo('ann'))).toEqual(['BALLAST_ERR_RATE_LIMITED']);
  });

  it('keeps permits spent in the current period spent when the limiter’s own limits change', async () => {
    const notifier = weave(new Notifier(), runtime);
    expect(await outcomes(2, () => notifier.send())).toEqual(['sent', 'sent']);
    runtime.updatePolicies(config({ RateLimit: { sms: { rate: 10, interval: 1_000, burst: 5 } } }));
    expect(await outcomes(1, () => notifier.send())).toEqual(['BALLAST_ERR_RATE_LIMITED']);
    jest.advanceTimersByTime(100); // the new rate refills from the reload on: one token per 100 ms
    expect(await outcomes(2, () => notifier.send())).toEqual(['sent', 'BALLAST_ERR_RATE_LIMITED']);
    jest.advanceTimersByTime(10_000); // and up to the new burst
    expect(await outcomes(6, () => notifier.send())).toEqual([
      ...Array<string>(5).fill('sent'),
      'BALLAST_ERR_RATE_LIMITED',
    ]);
  });

  it.each([
    ['reapplies the same config', () => config()],
    [
      'changes other options of the same retry policy',
      () => config({ Retry: { payments: { ...payments, maxAttempts: 3 } } }),
    ],
  ])('keeps a spent retry budget spent when a reload %s', async (_what, next) => {
    const service = weave(new Payments(), runtime);
    await outcomes(1, () => service.pay()); // one retry: the whole budget of the window
    expect(service.calls).toBe(2);
    runtime.updatePolicies(next());
    await outcomes(1, () => service.pay());
    expect(service.calls).toBe(3); // no retry left
    expect(retryStatistics(runtime).get('Payments.pay')?.budgetExhausted).toBe(1);
  });
});
