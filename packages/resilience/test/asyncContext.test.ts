import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it, jest } from '@jest/globals';
import { type Runtime, weave } from '@ballast/core';
import { CircuitBreaker, ConstantBackoff, RateLimit, Retry, Timeout } from '@ballast/resilience';
import { hang } from './outcomes.js';
import { eachTestRuntime } from './eachTestRuntime.js';

/** An application's own async context (a request id, as a tracing library would keep it). */
const requests = new AsyncLocalStorage<string>();

/** First attempts hang past the deadline; later attempts answer with the request they see. */
class Upstream {
  readonly seen: string[] = [];
  #attempts = new Map<string, number>();

  async fetch(label: string): Promise<string> {
    const attempt = (this.#attempts.get(label) ?? 0) + 1;
    this.#attempts.set(label, attempt);
    this.seen.push(`${label} attempt ${attempt} in ${requests.getStore() ?? 'no request'}`);
    if (attempt === 1) return hang();
    return `${label} answered in ${requests.getStore() ?? 'no request'}`;
  }
}

class Stacked extends Upstream {
  @Retry({ backoff: new ConstantBackoff(10), budget: false })
  @CircuitBreaker()
  @Timeout(100)
  override async fetch(label: string): Promise<string> {
    return super.fetch(label);
  }
}

/** A rate limit between them: the timeout's outcome reaches the retry through one more layer. */
class WithRateLimit extends Upstream {
  @Retry({ backoff: new ConstantBackoff(10), budget: false })
  @RateLimit({ rate: 1_000, burst: 1_000 })
  @Timeout(100)
  override async fetch(label: string): Promise<string> {
    return super.fetch(label);
  }
}

describe.each([
  ['Retry, CircuitBreaker, Timeout', () => new Stacked()],
  ['a RateLimit between Retry and Timeout', () => new WithRateLimit()],
])('a retry after an aggressive timeout (%s)', (_mode, create) => {
  let runtime: Runtime;
  eachTestRuntime((fresh) => (runtime = fresh));

  it('runs the next attempt in the caller’s own async context, not the timer’s', async () => {
    const upstream = weave(create(), runtime);
    // Request a arms the timeout's shared timer; b's deadline is found when that timer fires.
    const a = requests.run('request a', () => upstream.fetch('a'));
    await jest.advanceTimersByTimeAsync(30);
    const b = requests.run('request b', () => upstream.fetch('b'));
    await jest.advanceTimersByTimeAsync(300);

    await expect(a).resolves.toBe('a answered in request a');
    await expect(b).resolves.toBe('b answered in request b');
    expect(upstream.seen).toEqual([
      'a attempt 1 in request a',
      'b attempt 1 in request b',
      'a attempt 2 in request a',
      'b attempt 2 in request b',
    ]);
  });
});
