import 'reflect-metadata';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createRuntime, type Runtime, weave } from '@ballast/core';
import { Container, inject, injectable } from 'inversify';
import { Bulkhead } from '../src/bulkhead/Bulkhead.js';
import { BulkheadFullError } from '../src/bulkhead/BulkheadFullError.js';
import { bulkheadStatistics } from '../src/bulkhead/bulkheadStatistics.js';
import { breakerRegistry } from '../src/circuit-breaker/BreakerRegistry.js';
import { CircuitBreaker } from '../src/circuit-breaker/CircuitBreaker.js';
import { CircuitOpenError } from '../src/circuit-breaker/CircuitOpenError.js';
import { RateLimit } from '../src/rate-limit/RateLimit.js';
import { RateLimitedError } from '../src/rate-limit/RateLimitedError.js';
import { rateLimitStatistics } from '../src/rate-limit/rateLimitStatistics.js';
import { outcomeOf } from './outcomes.js';

const UPSTREAM = Symbol('Upstream');

interface Upstream {
  get(host: string): Promise<string>;
}

/** A fake remote: each call stays pending until the test answers it. */
class ScriptedUpstream implements Upstream {
  readonly waiting: { host: string; answer: (ok: boolean) => void }[] = [];
  get(host: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiting.push({
        host,
        answer: (ok) => (ok ? resolve(`${host}:ok`) : reject(new Error(`${host} down`))),
      });
    });
  }
}

@injectable()
class HostClient {
  constructor(@inject(UPSTREAM) private readonly upstream: Upstream) {}

  @CircuitBreaker({
    key: ([host]) => host as string,
    windowSize: 4,
    minimumCalls: 4,
    openDuration: 5_000,
    halfOpenProbes: 1,
  })
  @RateLimit({ rate: 4, interval: 1_000, key: ([host]) => host as string })
  @Bulkhead({ maxConcurrent: 2, maxQueue: 1, queueTimeout: 1_000 })
  async fetch(host: string): Promise<string> {
    return this.upstream.get(host);
  }
}

let runtime: Runtime;
let container: Container;
let upstream: ScriptedUpstream;

beforeEach(() => {
  jest.useFakeTimers();
  runtime = createRuntime();
  upstream = new ScriptedUpstream();
  container = new Container();
  container.bind<Upstream>(UPSTREAM).toConstantValue(upstream);
  container.bind(HostClient).toSelf().inSingletonScope();
  container.onActivation(HostClient, (_context, client) => weave(client, runtime));
});

afterEach(() => {
  runtime.dispose();
  jest.useRealTimers();
});

/** Calls one at a time (the bulkhead is shared by all hosts), each answered as `ok` says. */
async function callInTurn(
  client: HostClient,
  host: string,
  times: number,
  ok: boolean,
): Promise<unknown[]> {
  const results: unknown[] = [];
  for (let i = 0; i < times; i++) {
    const call = outcomeOf(client.fetch(host));
    await answerAll(ok);
    results.push(await call);
  }
  return results;
}

async function answerAll(ok: boolean): Promise<void> {
  for (let guard = 0; guard < 100 && upstream.waiting.length > 0; guard++) {
    upstream.waiting.shift()!.answer(ok);
    await jest.advanceTimersByTimeAsync(0);
  }
}

describe('CircuitBreaker, RateLimit and Bulkhead through a real inversify container', () => {
  it('weaves on activation and opens the breaker of a failing host only', async () => {
    const client = container.get(HostClient);
    expect(container.get(HostClient)).toBe(client);
    await callInTurn(client, 'down.example', 4, false);
    expect(await outcomeOf(client.fetch('down.example'))).toBeInstanceOf(CircuitOpenError);
    const healthy = client.fetch('up.example');
    await answerAll(true);
    await expect(healthy).resolves.toBe('up.example:ok');
    expect(breakerRegistry(runtime).state('HostClient.fetch', 'down.example')).toBe('OPEN');
    expect(breakerRegistry(runtime).state('HostClient.fetch', 'up.example')).toBe('CLOSED');
  });

  it('does not count bulkhead or rate-limit rejections as breaker failures', async () => {
    const client = container.get(HostClient);
    const first = [client.fetch('a'), client.fetch('a'), client.fetch('a')]; // 2 running, 1 queued
    expect(await outcomeOf(client.fetch('a'))).toBeInstanceOf(BulkheadFullError);
    expect(await outcomeOf(client.fetch('a'))).toBeInstanceOf(RateLimitedError); // 4 tokens used by now
    expect(await outcomeOf(client.fetch('a'))).toBeInstanceOf(RateLimitedError);
    await answerAll(true);
    await expect(Promise.all(first)).resolves.toEqual(['a:ok', 'a:ok', 'a:ok']);
    const [breaker] = breakerRegistry(runtime).statistics();
    expect(breaker).toMatchObject({
      state: 'CLOSED',
      calls: { successful: 3, failed: 0, ignored: 3 },
    });
    expect([...bulkheadStatistics(runtime).values()][0]!).toMatchObject({
      rejected: 1,
      active: 0,
      queueDepth: 0,
    });
    expect([...rateLimitStatistics(runtime).values()][0]!).toMatchObject({
      rejected: 2,
      permitted: 4,
    });
  });

  it('probes a recovered host once after the open duration and closes again', async () => {
    const client = container.get(HostClient);
    await callInTurn(client, 'flaky', 4, false);
    await jest.advanceTimersByTimeAsync(5_000);
    const probe = client.fetch('flaky');
    expect(await outcomeOf(client.fetch('flaky'))).toMatchObject({
      code: 'BALLAST_ERR_CIRCUIT_OPEN',
      state: 'HALF_OPEN',
    });
    await answerAll(true);
    await expect(probe).resolves.toBe('flaky:ok');
    expect(breakerRegistry(runtime).state('HostClient.fetch', 'flaky')).toBe('CLOSED');
  });

  it('leaves no timer behind once the runtime is disposed', async () => {
    const client = container.get(HostClient);
    const running = [client.fetch('a'), client.fetch('b')];
    const queued = outcomeOf(client.fetch('c'));
    expect(runtime.scheduler.size).toBeGreaterThan(0);
    runtime.dispose();
    expect(runtime.scheduler.size).toBe(0);
    expect(await queued).toMatchObject({ code: 'BALLAST_ERR_RUNTIME_DISPOSED' });
    await answerAll(true);
    await expect(Promise.all(running)).resolves.toEqual(['a:ok', 'b:ok']);
    expect(jest.getTimerCount()).toBe(0);
  });
});
