import 'reflect-metadata';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { BallastError, ConfigError, protect, runInContext, weave } from '@ballast/core';
import {
  RateLimit,
  rateLimit,
  RateLimitedError,
  type RateLimitOptions,
  type RateLimitRejectedEvent,
  rateLimitStatistics,
} from '@ballast/resilience';
import { injectable } from 'inversify';
import { outcomeOf } from '../outcomes.js';
import { manualRuntime } from './manualRuntime.js';

const env = manualRuntime();
let calls: unknown[];

beforeEach(() => {
  calls = [];
});

function limited(options: Omit<RateLimitOptions, 'name'>, name = 'sms') {
  return protect(
    async (id?: unknown) => {
      calls.push(id);
      return `sent ${String(id)}`;
    },
    [rateLimit({ name, ...options })],
    { runtime: env.runtime, name },
  );
}

/** The outcomes of calls made one after the other, as values or error codes. */
async function inTurn(count: number, call: () => Promise<unknown>): Promise<unknown[]> {
  const seen: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const outcome = await outcomeOf(call());
    seen.push(BallastError.is(outcome) ? outcome.code : outcome);
  }
  return seen;
}

const OK = 'sent undefined';
const LIMITED = 'BALLAST_ERR_RATE_LIMITED';

describe('RateLimit against its peers', () => {
  it('lets the whole burst through at once on the first use [resilience4j AtomicRateLimiterTest "permissionsInFirstCycle"]', async () => {
    const send = limited({ rate: 5, interval: 1_000 });
    expect(await inTurn(6, () => send())).toEqual([OK, OK, OK, OK, OK, LIMITED]);
  });

  it('never saves up more than the burst over quiet periods [resilience4j AtomicRateLimiterTest "reserveFewThenSkipCyclesBeforeRefresh"]', async () => {
    const send = limited({ rate: 2, interval: 1_000 });
    await inTurn(2, () => send());
    await env.clock.advanceAsync(10_000);
    expect(await inTurn(3, () => send())).toEqual([OK, OK, LIMITED]);
  });

  it('spends no token on a refused call: the next token comes when it would have anyway [resilience4j AtomicRateLimiterTest "rejectedByTimeoutNonBlocking"]', async () => {
    const send = limited({ rate: 1, interval: 1_000 });
    await send();
    await env.clock.advanceAsync(500);
    expect(await inTurn(3, () => send())).toEqual([LIMITED, LIMITED, LIMITED]);
    await env.clock.advanceAsync(500);
    expect(await inTurn(2, () => send())).toEqual([OK, LIMITED]);
  });

  it('refills continuously: a tenth of the interval brings a tenth of the rate [Polly RateLimiterResilienceStrategyTests, TokenBucketRateLimiter]', async () => {
    const send = limited({ rate: 10, interval: 1_000 });
    await inTurn(10, () => send());
    await env.clock.advanceAsync(99);
    expect(await inTurn(1, () => send())).toEqual([LIMITED]);
    await env.clock.advanceAsync(1);
    expect(await inTurn(2, () => send())).toEqual([OK, LIMITED]);
  });

  it('takes a wait of exactly maxWait, and refuses one a millisecond longer [resilience4j AtomicRateLimiterTest "reserveAndRefresh"]', async () => {
    const send = limited({ rate: 1, interval: 100, maxWait: 100 });
    await send(0);
    const waited = send(1);
    expect(await outcomeOf(send(2))).toMatchObject({ code: LIMITED, retryAfterMs: 200 });
    expect(calls).toEqual([0]);
    await env.clock.advanceAsync(99);
    expect(calls).toEqual([0]);
    await env.clock.advanceAsync(1);
    await expect(waited).resolves.toBe('sent 1');
    expect(rateLimitStatistics(env.runtime).get('sms')).toMatchObject({
      permitted: 1,
      delayed: 1,
      rejected: 1,
    });
  });

  it('gives a cancelled waiter’s token to the caller behind it [resilience4j AtomicRateLimiterTest "waitingThreadIsInterrupted", SemaphoreBasedRateLimiterImplTest "acquirePermissionInterruption"]', async () => {
    const send = limited({ rate: 1, interval: 100, maxWait: 1_000 });
    await send(0);
    const controller = new AbortController();
    const leaving = outcomeOf(runInContext({ signal: controller.signal }, () => send(1)));
    controller.abort();
    expect(await leaving).toMatchObject({ code: 'BALLAST_ERR_CANCELLED' });
    const next = send(2);
    await env.clock.advanceAsync(100);
    await expect(next).resolves.toBe('sent 2');
    expect(calls).toEqual([0, 2]);
  });

  it('reports the tokens free now and the calls waiting for one [resilience4j AtomicRateLimiterTest "metricsTest", Polly RateLimiterStatistics]', async () => {
    const send = limited({ rate: 2, interval: 1_000, maxWait: 5_000 });
    const seen = () => {
      const { availableTokens, waiting } = rateLimitStatistics(env.runtime).get('sms')!;
      return [availableTokens, waiting];
    };
    expect(await inTurn(1, () => send())).toEqual([OK]);
    expect(seen()).toEqual([1, 0]);
    await send();
    const waiters = [send(1), send(2)];
    expect(seen()).toEqual([0, 2]);
    await env.clock.advanceAsync(1_000);
    await Promise.all(waiters);
    expect(seen()).toEqual([0, 0]);
    await env.clock.advanceAsync(60_000);
    expect(seen()).toEqual([2, 0]);
  });

  it('tells when a token is free: retryAfterMs on the error, the hook and the event [Polly RateLimiterResilienceStrategyTests "Execute_LeaseRejected", RateLimiterRejectedExceptionTests]', async () => {
    const hooked: RateLimitRejectedEvent[] = [];
    const emitted: RateLimitRejectedEvent[] = [];
    env.runtime.events.on('rate-limit.rejected', (event) => emitted.push(event));
    const send = limited({ rate: 1, interval: 60_000, onRejected: (event) => hooked.push(event) });
    await send();
    await env.clock.advanceAsync(15_000);
    const refused = (await outcomeOf(send())) as RateLimitedError;
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(refused).toMatchObject({ code: LIMITED, limiterName: 'sms', retryAfterMs: 45_000 });
    expect(refused.statusCode).toBe(429);
    expect(refused.message).toBe('Rate limit "sms" exceeded; retry after 45000 ms.');
    expect(hooked).toEqual([{ policy: 'sms', key: undefined, retryAfterMs: 45_000 }]);
    expect(emitted).toEqual(hooked);
  });

  it('names the limiter and the key in the refusal [resilience4j RequestNotPermittedExceptionTest]', async () => {
    const send = limited({ rate: 1, interval: 1_000, key: ([to]) => String(to) });
    await send('+4412');
    const refused = (await outcomeOf(send('+4412'))) as RateLimitedError;
    expect(refused.message).toBe('Rate limit "sms" [+4412] exceeded; retry after 1000 ms.');
    expect(refused.key).toBe('+4412');
    await expect(send('+4413')).resolves.toBe('sent +4413');
  });

  it('allows rates below one per interval: one call every two intervals at rate 0.5 [Polly TokenBucketRateLimiter]', async () => {
    const send = limited({ rate: 0.5, interval: 1_000 });
    await send();
    expect(await outcomeOf(send())).toMatchObject({ retryAfterMs: 2_000 });
    await env.clock.advanceAsync(1_999);
    expect(await inTurn(1, () => send())).toEqual([LIMITED]);
    await env.clock.advanceAsync(1);
    expect(await inTurn(1, () => send())).toEqual([OK]);
  });

  it('applies a reload’s new maxWait to the next call [resilience4j AtomicRateLimiterTest "changeDefaultTimeoutDuration"]', async () => {
    env.runtime.updatePolicies({ RateLimit: { sms: { rate: 1, interval: 1_000 } } });
    class Sms {
      @RateLimit('sms')
      async send(): Promise<string> {
        return 'sent';
      }
    }
    const sms = weave(new Sms(), env.runtime);
    await sms.send();
    expect(await outcomeOf(sms.send())).toBeInstanceOf(RateLimitedError);
    env.runtime.updatePolicies({
      RateLimit: { sms: { rate: 1, interval: 1_000, maxWait: 1_000 } },
    });
    const waiting = sms.send();
    await env.clock.advanceAsync(1_000);
    await expect(waiting).resolves.toBe('sent');
  });

  it('shares the tokens of one name between methods and instances [resilience4j RateLimiterRegistryTest, InMemoryRateLimiterRegistryTest]', async () => {
    @injectable()
    class Notifier {
      @RateLimit({ name: 'outbound', rate: 2, interval: 1_000 })
      async email(): Promise<string> {
        return 'email';
      }

      @RateLimit({ name: 'outbound', rate: 2, interval: 1_000 })
      async sms(): Promise<string> {
        return 'sms';
      }
    }
    const container = env.weavingContainer(Notifier, 'transient');
    const a = container.get(Notifier);
    const b = container.get(Notifier);
    expect(await a.email()).toBe('email');
    expect(await b.sms()).toBe('sms');
    expect(await outcomeOf(a.sms())).toBeInstanceOf(RateLimitedError);
    expect([...rateLimitStatistics(env.runtime).keys()]).toEqual(['outbound']);
  });

  it('keys by what the key function returns, made a string [Polly PartitionedRateLimiter]', async () => {
    const send = limited({ rate: 1, interval: 1_000, key: ([id]) => id as string });
    await send(1);
    expect(await inTurn(1, () => send('1'))).toEqual([LIMITED]);
    await expect(send(2)).resolves.toBe('sent 2');
  });

  it('refuses a call whose key function throws with that error, as a rejected promise and without spending a token [hostile input]', async () => {
    const send = limited({
      rate: 1,
      interval: 1_000,
      key: ([id]) => {
        if (id === undefined) throw new TypeError('no recipient');
        return String(id);
      },
    });
    let outcome: Promise<unknown> | undefined;
    expect(() => (outcome = send())).not.toThrow();
    expect(await outcomeOf(outcome!)).toMatchObject({ name: 'TypeError', message: 'no recipient' });
    await expect(send('a')).resolves.toBe('sent a');
    expect(calls).toEqual(['a']);
  });

  it('refuses a call that would wait once the runtime is disposed, and still lets one with a token through [Polly RateLimiterResilienceStrategyTests "Dispose_DisposableResourcesShouldBeDisposed"]', async () => {
    const send = limited({ rate: 1, interval: 1_000, maxWait: 5_000 });
    env.runtime.dispose();
    await expect(send('a')).resolves.toBe('sent a');
    expect(await outcomeOf(send('b'))).toMatchObject({ code: 'BALLAST_ERR_RUNTIME_DISPOSED' });
    expect(calls).toEqual(['a']);
  });

  it('refuses without a stack trace: a refusal costs next to nothing under overload [Polly RateLimiterResilienceStrategyTests "Execute_LeaseRejected" — deliberate difference]', async () => {
    const send = limited({ rate: 1 });
    await send();
    const refused = (await outcomeOf(send())) as RateLimitedError;
    expect(refused.stack).toBe(`RateLimitedError: ${refused.message}`);
  });

  it.each<[string, unknown]>([
    ['a NaN rate', { rate: Number.NaN }],
    ['an infinite rate', { rate: Number.POSITIVE_INFINITY }],
    ['a negative rate', { rate: -1 }],
    ['a rate as a string', { rate: '10' }],
    ['a rate past a billion', { rate: 1e10 }],
    ['a NaN interval', { rate: 1, interval: Number.NaN }],
    ['a negative interval', { rate: 1, interval: -1_000 }],
    ['an infinite maxWait', { rate: 1, maxWait: Number.POSITIVE_INFINITY }],
    ['a key that is not a function', { rate: 1, key: 'userId' }],
    ['null options', null],
  ])(
    'refuses %s with BALLAST_ERR_CONFIG at decoration [resilience4j RateLimiterConfigTest]',
    (_what, options) => {
      expect(() => rateLimit(options as RateLimitOptions)).toThrow(ConfigError);
    },
  );
});
