import { describe, expect, it, jest } from '@jest/globals';
import {
  ConfigError,
  protect,
  runInContext,
  type Runtime,
  RuntimeDisposedError,
  SyncUnsupportedError,
  weave,
} from '@ballast/core';
import { RateLimit, rateLimit, type RateLimitOptions } from './RateLimit.js';
import { RateLimitedError } from './RateLimitedError.js';
import { rateLimitStatistics } from './rateLimitStatistics.js';
import { TokenBucket } from './TokenBucket.js';
import { outcomeOf } from '../../test/outcomes.js';
import { eachTestRuntime } from '../../test/eachTestRuntime.js';

let runtime: Runtime;
eachTestRuntime((fresh) => (runtime = fresh));

describe('TokenBucket', () => {
  it('starts full, refills continuously and never holds more than its capacity', () => {
    const bucket = new TokenBucket(3, 1 / 100, 0);
    for (let i = 0; i < 3; i++) {
      expect(bucket.waitFor(0)).toBe(0);
      bucket.take();
    }
    expect(bucket.waitFor(0)).toBe(100);
    expect(bucket.waitFor(50)).toBe(50);
    expect(bucket.tokensAt(100_000)).toBe(3);
  });

  it('lets waiters book tokens ahead, each waiting behind the previous one', () => {
    const bucket = new TokenBucket(1, 1 / 100, 0);
    bucket.take();
    expect(bucket.waitFor(0)).toBe(100);
    bucket.take();
    expect(bucket.waitFor(0)).toBe(200);
  });

  it('ignores a clock that steps back', () => {
    const bucket = new TokenBucket(1, 1 / 100, 1_000);
    bucket.take();
    expect(bucket.tokensAt(500)).toBe(0);
  });
});

describe('@RateLimit', () => {
  it('lets a burst through, then refuses with retryAfterMs until tokens refill', async () => {
    const send = protect(
      async (n: number) => n,
      [rateLimit({ rate: 2, interval: 1_000, burst: 2, name: 'sms' })],
      { runtime },
    );
    await expect(send(1)).resolves.toBe(1);
    await expect(send(2)).resolves.toBe(2);
    const refused = (await outcomeOf(send(3))) as RateLimitedError;
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(refused.code).toBe('BALLAST_ERR_RATE_LIMITED');
    expect(refused.retryAfterMs).toBe(500);
    expect(refused.message).toBe('Rate limit "sms" exceeded; retry after 500 ms.');
    jest.advanceTimersByTime(500);
    await expect(send(4)).resolves.toBe(4);
    expect(rateLimitStatistics(runtime).get('sms')).toEqual({
      name: 'sms',
      keyed: false,
      keys: 1,
      availableTokens: 0,
      waiting: 0,
      permitted: 3,
      delayed: 0,
      rejected: 1,
      cancelled: 0,
      hookErrors: 0,
    });
  });

  it('waits up to maxWait for a token, calls queueing behind each other, then refuses', async () => {
    const started: number[] = [];
    const send = protect(
      async (n: number) => {
        started.push(n);
        return n;
      },
      [rateLimit({ rate: 1, interval: 100, maxWait: 250, name: 'w' })],
      { runtime },
    );
    const calls = [send(1), send(2), send(3)];
    const refused = (await outcomeOf(send(4))) as RateLimitedError;
    expect(refused.retryAfterMs).toBe(300);
    expect(started).toEqual([1]);
    await jest.advanceTimersByTimeAsync(100);
    expect(started).toEqual([1, 2]);
    await jest.advanceTimersByTimeAsync(100);
    await expect(Promise.all(calls)).resolves.toEqual([1, 2, 3]);
    expect([...rateLimitStatistics(runtime).values()][0]!).toMatchObject({
      permitted: 1,
      delayed: 2,
      rejected: 1,
    });
  });

  it('does not wait past the call-context deadline', async () => {
    const send = protect(
      async () => 'sent',
      [rateLimit({ rate: 1, interval: 1_000, maxWait: 5_000 })],
      { runtime, name: 'd' },
    );
    await send();
    const refused = await runInContext({ deadline: Date.now() + 500 }, () => outcomeOf(send()));
    expect(refused).toBeInstanceOf(RateLimitedError);
  });

  it('rounds retryAfterMs to the exact wait (regression: a 1 ms wait read 2 ms from float error)', async () => {
    const send = protect(async () => 'sent', [rateLimit({ rate: 60, interval: 100, name: 'r' })], {
      runtime,
    });
    for (let i = 0; i < 60; i++) await send(); // the whole burst at t=0
    jest.advanceTimersByTime(2);
    await send(); // 1.2 tokens refilled: 0.2 left
    jest.advanceTimersByTime(2);
    await send(); // 1.4: 0.4 left, the next token is 1 ms away (0.6 / 0.6 per ms)
    expect(await outcomeOf(send())).toMatchObject({ retryAfterMs: 1 });
  });

  it('keeps one bucket per key, bounded by maxKeys', async () => {
    const post = protect(
      async (channel: string) => channel,
      [
        rateLimit({
          rate: 1,
          interval: 60_000,
          key: ([channel]) => channel as string,
          maxKeys: 100,
          name: 'slack',
        }),
      ],
      { runtime },
    );
    await expect(post('#ops')).resolves.toBe('#ops');
    await expect(post('#dev')).resolves.toBe('#dev');
    await expect(post('#ops')).rejects.toMatchObject({ key: '#ops', retryAfterMs: 60_000 });
    for (let i = 0; i < 10_000; i++) await post(`#c${i}`);
    expect([...rateLimitStatistics(runtime).values()][0]!).toMatchObject({
      keyed: true,
      keys: 100,
      permitted: 10_002,
      rejected: 1,
    });
  });

  it('throws synchronously on a sync method when it does not wait', () => {
    class Counter {
      @RateLimit({ rate: 1, interval: 1_000 })
      next(): number {
        return 1;
      }
    }
    const counter = weave(new Counter(), runtime);
    expect(counter.next()).toBe(1);
    expect(() => counter.next()).toThrow(RateLimitedError);
  });

  it('refuses a sync method when the limit would make it wait', () => {
    class Counter {
      @RateLimit({ rate: 1, maxWait: 1_000 })
      next(): number {
        return 1;
      }
    }
    expect(() => weave(new Counter(), runtime).next()).toThrow(SyncUnsupportedError);
  });

  it('rejects waiting calls with RuntimeDisposedError when the runtime is disposed', async () => {
    const send = protect(async () => 1, [rateLimit({ rate: 1, maxWait: 10_000 })], {
      runtime,
      name: 'x',
    });
    await send();
    const waiting = outcomeOf(send());
    runtime.dispose();
    expect(RuntimeDisposedError.is(await waiting)).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['a missing rate', {}, 'option "rate" must be given: tokens per interval, a finite number > 0'],
    ['a zero rate', { rate: 0 }, 'option "rate" must be a finite number > 0'],
    ['a burst below one', { rate: 5, burst: 0.5 }, 'option "burst" must be a finite number >= 1'],
    [
      'a negative maxWait',
      { rate: 5, maxWait: -1 },
      'option "maxWait" must be a finite number >= 0',
    ],
    ['a zero interval', { rate: 5, interval: 0 }, 'option "interval" must be a finite number > 0'],
    ['an unknown option', { rate: 5, perSecond: 5 }, 'unknown option "perSecond"'],
  ])('rejects %s with BALLAST_ERR_CONFIG', (_label, input, message) => {
    expect(() => RateLimit(input as RateLimitOptions)).toThrow(ConfigError);
    expect(() => RateLimit(input as RateLimitOptions)).toThrow(`@RateLimit: ${message}`);
  });
});
