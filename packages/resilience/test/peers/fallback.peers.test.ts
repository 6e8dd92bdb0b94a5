import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { CancelledError, protect, runInContext, weave } from '@ballast/core';
import {
  breakerRegistry,
  breakerStatistics,
  CircuitBreaker,
  CircuitOpenError,
  Fallback,
  type FallbackServedEvent,
  fallback,
  fallbackStatistics,
  Timeout,
  timeout,
} from '@ballast/resilience';
import { injectable } from 'inversify';
import { hang, outcomeOf } from '../outcomes.js';
import { manualRuntime } from './manualRuntime.js';

interface Reply {
  readonly status: number;
  readonly body: string;
}

const env = manualRuntime();

/** A quote service whose upstream is up or down; falls back to a cached quote. */
@injectable()
class Quotes {
  up = false;
  calls = 0;
  readonly fallbacks: unknown[][] = [];

  @Fallback({ method: 'cachedQuote' })
  @CircuitBreaker({
    window: 'consecutive',
    consecutiveFailures: 2,
    halfOpenProbes: 1,
    openDuration: 1_000,
  })
  async quote(symbol: string): Promise<string> {
    this.calls++;
    if (!this.up) throw new Error('exchange down');
    return `${symbol}: 101`;
  }

  cachedQuote(...args: unknown[]): string {
    this.fallbacks.push(args);
    return `${String(args[0])}: 100 (cached)`;
  }
}

describe('Fallback, as the peers test it', () => {
  it('returns the result untouched and calls no fallback when the call succeeds [cockatiel FallbackPolicy.test does not fall back when not necessary] [Polly FallbackResilienceStrategyTests Handle_UnhandledResult_Ok]', async () => {
    const served: FallbackServedEvent[] = [];
    const call = protect(
      () => Promise.resolve('fresh'),
      [fallback({ handler: () => 'stale', onFallback: (event) => served.push(event) })],
      { runtime: env.runtime, name: 'dep' },
    );
    await expect(call()).resolves.toBe('fresh');
    expect(served).toEqual([]);
    expect(fallbackStatistics(env.runtime).get('dep')).toMatchObject({ fallbacks: 0 });
  });

  it('falls back on a result onResult rejects, handing that result to the handler and the hook [Polly FallbackResilienceStrategyTests Handle_Result_Ok] [cockatiel FallbackPolicy.test returns a fallback and emits an error if necessary]', async () => {
    const unavailable: Reply = { status: 503, body: 'maintenance' };
    const served: FallbackServedEvent[] = [];
    const seen: unknown[] = [];
    let reply: Reply = unavailable;
    const call = protect(
      (_path: string) => Promise.resolve(reply),
      [
        fallback({
          onResult: (result) => (result as Reply).status >= 500,
          handler: (failure, args) => {
            seen.push(failure, args);
            return { status: 200, body: 'placeholder' };
          },
          onFallback: (event) => served.push(event),
        }),
      ],
      { runtime: env.runtime, name: 'dep' },
    );
    await expect(call('/home')).resolves.toEqual({ status: 200, body: 'placeholder' });
    expect(seen).toEqual([unavailable, ['/home']]);
    expect(served).toEqual([{ policy: 'dep', source: 'handler', error: unavailable }]);
    reply = { status: 200, body: 'live' };
    await expect(call('/home')).resolves.toEqual({ status: 200, body: 'live' });
  });

  it('falls back on a rejected result of a synchronous method, keeping it synchronous [Polly FallbackResilienceStrategyTests Handle_Result_Ok]', () => {
    const call = protect((n: number) => n, [fallback({ onResult: (n) => n === -1, value: 0 })], {
      runtime: env.runtime,
      name: 'dep',
    });
    expect(call(-1)).toBe(0);
    expect(call(7)).toBe(7);
  });

  it('fails with the error of a fallback handler that throws [Polly FallbackResilienceStrategyTests Handle_Result_FallbackActionThrows] [opossum test.js CircuitBreaker fallback that throws returns a rejected Promise]', async () => {
    const broken = new Error('no cache either');
    const call = protect(
      () => Promise.reject(new Error('down')),
      [
        fallback({
          handler: () => {
            throw broken;
          },
        }),
      ],
      { runtime: env.runtime, name: 'dep' },
    );
    expect(await outcomeOf(call())).toBe(broken);
  });

  it('fails with the rejection of an async fallback handler [opossum test.js CircuitBreaker fallback as a rejected promise]', async () => {
    const broken = new Error('cache unreachable');
    const call = protect(
      () => Promise.reject(new Error('down')),
      [fallback({ handler: () => Promise.reject(broken) })],
      { runtime: env.runtime, name: 'dep' },
    );
    expect(await outcomeOf(call())).toBe(broken);
  });

  it('never replaces a call its caller cancelled [cockatiel FallbackPolicy.test links parent cancellation token]', async () => {
    const call = protect(hang, [fallback({ value: 'stale' }), timeout(1_000)], {
      runtime: env.runtime,
      name: 'dep',
    });
    const controller = new AbortController();
    const result = outcomeOf(runInContext({ signal: controller.signal }, () => call()));
    controller.abort(new Error('gone'));
    expect(await result).toBeInstanceOf(CancelledError);
    expect(fallbackStatistics(env.runtime).get('dep')).toMatchObject({ fallbacks: 0 });
  });

  it('serves the fallback method while the circuit is open, with the arguments and the CircuitOpenError last [opossum test.js Executes fallback action, if one exists, when breaker is open] [opossum test.js Passes error as last argument to the fallback function]', async () => {
    const quotes = env.fromContainer(Quotes);
    await quotes.quote('ACME');
    await quotes.quote('ACME');
    await expect(quotes.quote('ACME')).resolves.toBe('ACME: 100 (cached)');
    expect(quotes.calls).toBe(2);
    const [symbol, error] = quotes.fallbacks[2]!;
    expect(symbol).toBe('ACME');
    expect(error).toBeInstanceOf(CircuitOpenError);
  });

  it('still counts the failure it hid from the caller in the breaker [opossum test.js CircuitBreaker emits failure when falling back]', async () => {
    const quotes = env.fromContainer(Quotes);
    await expect(quotes.quote('ACME')).resolves.toBe('ACME: 100 (cached)');
    expect(breakerStatistics(env.runtime).get('Quotes.quote')!.calls.failed).toBe(1);
    expect(fallbackStatistics(env.runtime).get('Quotes.quote')).toMatchObject({ fallbacks: 1 });
  });

  it('lets the breaker behind it close again once the dependency is back [opossum test.js Breaker resets for circuits with a fallback function]', async () => {
    const quotes = env.fromContainer(Quotes);
    await quotes.quote('ACME');
    await quotes.quote('ACME');
    expect(breakerRegistry(env.runtime).state('Quotes.quote')).toBe('OPEN');
    quotes.up = true;
    await env.clock.advanceAsync(1_000);
    await expect(quotes.quote('ACME')).resolves.toBe('ACME: 101');
    expect(breakerRegistry(env.runtime).state('Quotes.quote')).toBe('CLOSED');
  });

  it('falls back once for a call that timed out, and not again when the late work ends [opossum test.js Fallback called once for the same execution when timing out]', async () => {
    @injectable()
    class Slow {
      fallbacks = 0;
      finish: (() => void) | undefined;
      @Fallback({ method: 'instead' })
      @Timeout(100)
      async run(): Promise<string> {
        await new Promise<void>((resolve) => (this.finish = resolve));
        throw new Error('failed late');
      }
      instead(): string {
        this.fallbacks++;
        return 'fallback';
      }
    }
    const slow = weave(new Slow(), env.runtime);
    const result = slow.run();
    await env.clock.advanceAsync(100);
    await expect(result).resolves.toBe('fallback');
    slow.finish!();
    await env.clock.advanceAsync(0);
    expect(slow.fallbacks).toBe(1);
  });
});
