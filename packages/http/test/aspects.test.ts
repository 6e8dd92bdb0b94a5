import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createRuntime, type Runtime, runInContext } from '@ballast/core';
import { type ChaosServer, startChaosServer } from '@ballast/testing';
import {
  createHttpClient,
  HttpAbortedError,
  type HttpClient,
  HttpPermanentError,
  HttpRetryableError,
} from '../src/index.js';

let down: ChaosServer;
let up: ChaosServer;
let runtime: Runtime;
let client: HttpClient | undefined;

beforeAll(async () => {
  down = await startChaosServer({
    faults: { routes: { '/': { kind: 'respond', status: 503 }, '/hang': { kind: 'hang' } } },
  });
  up = await startChaosServer({
    faults: {
      routes: {
        '/missing': { kind: 'respond', status: 404 },
        '/throttled': { kind: 'throttle', retryAfter: 1 },
      },
    },
  });
  runtime = createRuntime();
});
afterAll(async () => {
  await down.close();
  await up.close();
  runtime.dispose();
});
afterEach(async () => {
  await client?.close();
  client = undefined;
  down.clearRequests();
  up.clearRequests();
});

const breaker = { window: 'consecutive', consecutiveFailures: 3, openDuration: 60_000 } as const;

describe('per-host aspects (real loopback servers)', () => {
  it('opens the breaker of a failing host only; another host keeps working', async () => {
    client = createHttpClient({ runtime, name: 'breakers', retry: false, circuitBreaker: breaker });
    for (let i = 0; i < 3; i++)
      await expect(client.get(`${down.url}/`)).rejects.toBeInstanceOf(HttpRetryableError);
    await expect(client.get(`${down.url}/`)).rejects.toMatchObject({
      code: 'BALLAST_ERR_CIRCUIT_OPEN',
      key: down.url.slice(7),
    });
    expect(down.requests).toHaveLength(3);
    await expect(client.get(`${up.url}/`)).resolves.toMatchObject({ status: 200 });
  });

  it('judges a host from every request: failed POSTs open the breaker for retried GETs too', async () => {
    client = createHttpClient({
      runtime,
      name: 'shared-breaker',
      retry: { backoff: () => 0, budget: false },
      circuitBreaker: breaker,
    });
    for (let i = 0; i < 3; i++)
      await expect(client.postJson(`${down.url}/`, { i })).rejects.toBeInstanceOf(
        HttpRetryableError,
      );
    await expect(client.get(`${down.url}/`)).rejects.toMatchObject({
      code: 'BALLAST_ERR_CIRCUIT_OPEN',
    });
    expect(down.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'POST']);
  });

  it('does not count 4xx or 429 against the breaker', async () => {
    client = createHttpClient({
      runtime,
      name: 'breaker-4xx',
      retry: false,
      circuitBreaker: breaker,
    });
    for (let i = 0; i < 4; i++) {
      await expect(client.get(`${up.url}/missing`)).rejects.toBeInstanceOf(HttpPermanentError);
      await expect(client.get(`${up.url}/throttled`)).rejects.toMatchObject({ status: 429 });
    }
    await expect(client.get(`${up.url}/`)).resolves.toMatchObject({ status: 200 });
    expect(up.requests).toHaveLength(9);
  });

  it('gives each host its own bulkhead', async () => {
    client = createHttpClient({
      runtime,
      name: 'bulkheads',
      retry: false,
      attemptTimeoutMs: 60_000,
      bulkhead: { maxConcurrent: 1, maxQueue: 0 },
    });
    const controller = new AbortController();
    const hung = client.get(`${down.url}/hang`, { signal: controller.signal });
    await down.waitForRequests(1);
    await expect(client.get(`${down.url}/hang`)).rejects.toMatchObject({
      code: 'BALLAST_ERR_BULKHEAD_FULL',
    });
    await expect(client.get(`${up.url}/`)).resolves.toMatchObject({ status: 200 });
    controller.abort();
    await expect(hung).rejects.toBeInstanceOf(HttpAbortedError);
    await expect(client.get(`${down.url}/`)).rejects.toBeInstanceOf(HttpRetryableError); // the slot is free again
  });

  it('gives each host its own rate limit', async () => {
    client = createHttpClient({
      runtime,
      name: 'limits',
      retry: false,
      rateLimit: { rate: 1, interval: 60_000 },
    });
    await client.get(`${up.url}/`);
    await expect(client.get(`${up.url}/`)).rejects.toMatchObject({
      code: 'BALLAST_ERR_RATE_LIMITED',
    });
    await expect(client.get(`${down.url}/`)).rejects.toBeInstanceOf(HttpRetryableError);
    expect(up.requests).toHaveLength(1);
  });

  it('bounds the whole call by the deadline in the call context', async () => {
    client = createHttpClient({
      runtime,
      name: 'deadline',
      retry: { backoff: () => 0, budget: false },
    });
    const pending = runInContext({ deadline: runtime.clock.now() + 40 }, () =>
      client!.get(`${down.url}/hang`),
    );
    await expect(pending).rejects.toMatchObject({ code: 'BALLAST_ERR_TIMEOUT' });
    expect(down.requests).toHaveLength(1);
  });
});
