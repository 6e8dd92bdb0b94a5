import { describe, expect, it, jest } from '@jest/globals';
import {
  ConfigError,
  createRuntime,
  protect,
  runInContext,
  type Runtime,
  SyncUnsupportedError,
  weave,
} from '@ballast/core';
import { RateLimit, rateLimit, type RateLimitOptions } from './RateLimit.js';
import type { RateLimitBackend, RateLimitLimits, SharedRateLimit } from './RateLimitBackend.js';
import { RateLimitedError } from './RateLimitedError.js';
import { rateLimitStatistics } from './rateLimitStatistics.js';
import { TokenBucket } from './TokenBucket.js';
import { outcomeOf } from '../../test/outcomes.js';
import { eachTestRuntime } from '../../test/eachTestRuntime.js';

/**
 * A backend whose shared limits are token buckets in this process, answering after `latencyMs`
 * on the runtime's clock (a store one round trip away). It records what the aspect asked.
 */
class BucketBackend implements RateLimitBackend {
  readonly created: { name: string; limits: RateLimitLimits }[] = [];
  readonly asked: string[] = [];
  constructor(
    readonly runtime: Runtime,
    readonly latencyMs = 0,
  ) {}

  limit(name: string, limits: RateLimitLimits): SharedRateLimit {
    this.created.push({ name, limits });
    const buckets = new Map<string, TokenBucket>();
    const clock = this.runtime.clock;
    const answer = (key: string): { retryAfterMs: number } | undefined => {
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        bucket = new TokenBucket(limits.burst, limits.rate / limits.interval, clock.now());
        buckets.set(key, bucket);
      }
      const wait = bucket.waitFor(clock.now());
      if (wait > 0) return { retryAfterMs: wait };
      bucket.take();
      return undefined;
    };
    return {
      acquire: (key) => {
        this.asked.push(key);
        if (this.latencyMs === 0) return Promise.resolve(answer(key));
        return new Promise((resolve) => setTimeout(() => resolve(answer(key)), this.latencyMs));
      },
      get keys() {
        return buckets.size;
      },
    };
  }
}

let runtime: Runtime;
eachTestRuntime((fresh) => (runtime = fresh));

describe('@RateLimit with a backend', () => {
  it('takes permits from the backend under its name and key, with the same statistics and events', async () => {
    const backend = new BucketBackend(runtime);
    const rejected: unknown[] = [];
    const hooked: unknown[] = [];
    runtime.events.on('rate-limit.rejected', (event) => rejected.push(event));
    const post = protect(
      async (channel: string) => channel,
      [
        rateLimit({
          name: 'slack',
          rate: 2,
          interval: 1_000,
          key: ([channel]) => channel as string,
          backend,
          onRejected: (event) => hooked.push(event),
        }),
      ],
      { runtime },
    );
    await expect(post('#ops')).resolves.toBe('#ops');
    await expect(post('#ops')).resolves.toBe('#ops');
    const refused = (await outcomeOf(post('#ops'))) as RateLimitedError;
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(refused).toMatchObject({ limiterName: 'slack', key: '#ops', retryAfterMs: 500 });
    await expect(post('#dev')).resolves.toBe('#dev');
    expect(backend.created).toEqual([
      { name: 'slack', limits: { rate: 2, interval: 1_000, burst: 2 } },
    ]);
    expect(backend.asked).toEqual(['#ops', '#ops', '#ops', '#dev']);
    expect(rejected).toEqual([{ policy: 'slack', key: '#ops', retryAfterMs: 500 }]);
    expect(hooked).toEqual(rejected);
    expect(rateLimitStatistics(runtime).get('slack')).toEqual({
      name: 'slack',
      keyed: true,
      keys: 2,
      availableTokens: undefined,
      waiting: 0,
      permitted: 3,
      delayed: 0,
      rejected: 1,
      cancelled: 0,
      hookErrors: 0,
    });
  });

  it('waits up to maxWait while the backend refuses, asking again when it said to', async () => {
    const backend = new BucketBackend(runtime);
    const send = protect(
      async () => 'sent',
      [rateLimit({ name: 'w', rate: 1, interval: 100, maxWait: 250, backend })],
      { runtime },
    );
    await send(); // the burst
    const waiting = send();
    await jest.advanceTimersByTimeAsync(99);
    expect(backend.asked).toEqual(['', '']);
    await jest.advanceTimersByTimeAsync(1);
    await expect(waiting).resolves.toBe('sent');
    expect(backend.asked).toEqual(['', '', '']); // asked again after the 100 ms it named
    expect(rateLimitStatistics(runtime).get('w')).toMatchObject({ permitted: 1, delayed: 1 });
  });

  it('refuses when the time the backend took plus the wait it names exceeds maxWait', async () => {
    const backend = new BucketBackend(runtime, 40);
    const send = protect(
      async () => 'sent',
      [rateLimit({ name: 'slow', rate: 1, interval: 100, maxWait: 90, backend })],
      { runtime },
    );
    const first = send();
    await jest.advanceTimersByTimeAsync(40);
    await expect(first).resolves.toBe('sent');
    // Asked at 40 ms, answered at 80 ms: "wait 60". 40 ms spent + 60 > maxWait 90: refused,
    // though 60 alone would fit.
    const second = outcomeOf(send());
    await jest.advanceTimersByTimeAsync(40);
    expect(await second).toMatchObject({ code: 'BALLAST_ERR_RATE_LIMITED', retryAfterMs: 60 });
    expect(backend.asked).toHaveLength(2);
  });

  it('does not wait past the call-context deadline', async () => {
    const backend = new BucketBackend(runtime);
    const send = protect(
      async () => 'sent',
      [rateLimit({ rate: 1, interval: 1_000, maxWait: 5_000, backend })],
      { runtime, name: 'd' },
    );
    await send();
    const refused = await runInContext({ deadline: Date.now() + 500 }, () => outcomeOf(send()));
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(backend.asked).toHaveLength(2);
  });

  it("honours the caller's signal while the backend answers and while it waits", async () => {
    const backend = new BucketBackend(runtime, 50);
    let calls = 0;
    const send = protect(
      async () => ++calls,
      [rateLimit({ name: 'c', rate: 1, interval: 1_000, maxWait: 5_000, backend })],
      { runtime },
    );
    const asking = new AbortController();
    const first = outcomeOf(runInContext({ signal: asking.signal }, () => send()));
    await jest.advanceTimersByTimeAsync(10);
    asking.abort(new Error('client left'));
    expect(await first).toMatchObject({ code: 'BALLAST_ERR_CANCELLED' });

    await jest.advanceTimersByTimeAsync(100); // the first permit was taken anyway: lost
    const waiting = new AbortController();
    const second = outcomeOf(runInContext({ signal: waiting.signal }, () => send()));
    await jest.advanceTimersByTimeAsync(60); // refused, now waiting on the scheduler
    expect(runtime.scheduler.keepingAlive).toBe(true);
    waiting.abort();
    expect(await second).toMatchObject({ code: 'BALLAST_ERR_CANCELLED' });
    expect(runtime.scheduler.keepingAlive).toBe(false);
    expect(calls).toBe(0);
    expect(rateLimitStatistics(runtime).get('c')).toMatchObject({ cancelled: 2, permitted: 0 });
  });

  it('asks the backend for a new limit only when a reload changes rate, interval or burst', async () => {
    const backend = new BucketBackend(runtime);
    const configured = createRuntime({
      config: { policies: { RateLimit: { sms: { rate: 5, backend } } } },
    });
    const send = protect(async () => 'sent', [rateLimit('sms')], {
      runtime: configured,
      name: 'Sms.send',
    });
    await send();
    configured.updatePolicies({ RateLimit: { sms: { rate: 5, maxWait: 10, backend } } });
    await send();
    configured.updatePolicies({ RateLimit: { sms: { rate: 7, maxWait: 10, backend } } });
    await send();
    configured.dispose();
    expect(backend.created.map(({ name, limits }) => `${name} ${limits.rate}`)).toEqual([
      'Sms.send 5',
      'Sms.send 7',
    ]);
  });

  it('needs an async method: a sync one is refused', async () => {
    class Counter {
      @RateLimit({ rate: 1, backend: new BucketBackend(runtime) })
      next(): number {
        return 1;
      }
    }
    const outcome = weave(new Counter(), runtime).next() as unknown as Promise<number>;
    await expect(outcome).rejects.toBeInstanceOf(SyncUnsupportedError);
  });

  it('rejects a backend without limit() with BALLAST_ERR_CONFIG', () => {
    const options = { rate: 5, backend: { acquire: () => undefined } } as unknown;
    expect(() => RateLimit(options as RateLimitOptions)).toThrow(ConfigError);
    expect(() => RateLimit(options as RateLimitOptions)).toThrow(
      '@RateLimit: option "backend" must be a RateLimitBackend (an object with limit(name, limits))',
    );
  });
});
