import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createRuntime, type Runtime } from '@ballast/core';
import { type ChaosServer, ManualClock, startChaosServer } from '@ballast/testing';
import {
  createHttpClient,
  type HttpClient,
  HttpGoneError,
  HttpPermanentError,
  HttpRetryableError,
} from '../src/index.js';

let server: ChaosServer;
let runtime: Runtime;
let client: HttpClient;

beforeAll(async () => {
  server = await startChaosServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await client.close();
  runtime.dispose();
  server.setFaults({});
  server.clearRequests();
});

function immediateRetries(): void {
  runtime = createRuntime();
  client = createHttpClient({
    runtime,
    retry: { maxAttempts: 3, backoff: () => 0, budget: false },
    circuitBreaker: false,
  });
}

describe('retries (real loopback server)', () => {
  it('retries an idempotent GET through 5xx and a reset until it succeeds', async () => {
    immediateRetries();
    server.setFaults({
      routes: { '/flaky': [{ kind: 'respond', status: 503 }, { kind: 'reset' }] },
    });
    await expect(client.get(`${server.url}/flaky`)).resolves.toMatchObject({ status: 200 });
    expect(server.requests.map((r) => r.fault)).toEqual(['respond', 'reset', 'respond']);
  });

  it('sends a POST without an idempotency key exactly once', async () => {
    immediateRetries();
    server.setFaults({ routes: { '/hook': [{ kind: 'respond', status: 503 }] } });
    await expect(client.postJson(`${server.url}/hook`, { id: 1 })).rejects.toBeInstanceOf(
      HttpRetryableError,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('retries a POST carrying an idempotency key, with the same key every time', async () => {
    immediateRetries();
    server.setFaults({
      routes: { '/hook': [{ kind: 'respond', status: 502 }, { kind: 'garbage' }] },
    });
    await expect(
      client.postJson(`${server.url}/hook`, { id: 1 }, { idempotencyKey: 'alert-1' }),
    ).resolves.toMatchObject({ status: 200 });
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual([
      'alert-1',
      'alert-1',
      'alert-1',
    ]);
    expect(new Set(server.requests.map((r) => r.body))).toEqual(new Set(['{"id":1}']));
  });

  it('never retries a permanent 4xx or a 410', async () => {
    immediateRetries();
    server.setFaults({
      routes: {
        '/missing': { kind: 'respond', status: 404 },
        '/gone': { kind: 'respond', status: 410 },
      },
    });
    await expect(client.get(`${server.url}/missing`)).rejects.toBeInstanceOf(HttpPermanentError);
    await expect(client.get(`${server.url}/gone`)).rejects.toBeInstanceOf(HttpGoneError);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after maxAttempts and rethrows the last classified error', async () => {
    immediateRetries();
    server.setFaults({ routes: { '/down': { kind: 'respond', status: 503 } } });
    await expect(client.get(`${server.url}/down`)).rejects.toMatchObject({
      name: 'HttpRetryableError',
      status: 503,
    });
    expect(server.requests).toHaveLength(3);
  });

  it('retries an attempt that hangs past attemptTimeoutMs', async () => {
    runtime = createRuntime();
    // Generous enough that the healthy second attempt never times out on a loaded machine.
    client = createHttpClient({
      runtime,
      attemptTimeoutMs: 500,
      retry: { backoff: () => 0, budget: false },
      circuitBreaker: false,
    });
    server.setFaults({ routes: { '/slow': [{ kind: 'hang' }] } });
    await expect(client.get(`${server.url}/slow`)).resolves.toMatchObject({ status: 200 });
    expect(server.requests.map((r) => r.fault)).toEqual(['hang', 'respond']);
  });

  it('waits for Retry-After before retrying a 429', async () => {
    const clock = new ManualClock(1_000_000);
    runtime = createRuntime({ clock });
    client = createHttpClient({
      runtime,
      retry: { backoff: () => 0, budget: false },
      circuitBreaker: false,
    });
    const delays: number[] = [];
    runtime.events.on('retry.attempt', (event) => delays.push(event.delayMs));
    server.setFaults({ routes: { '/limited': [{ kind: 'throttle', retryAfter: 2 }] } });
    const pending = client.get(`${server.url}/limited`);
    await server.waitForRequests(1);
    while (delays.length === 0) await clock.advanceAsync(0); // let the 429 arrive and the retry be scheduled
    expect(delays).toEqual([2_000]);
    await clock.advanceAsync(1_999);
    expect(server.requests).toHaveLength(1);
    await clock.advanceAsync(1);
    await expect(pending).resolves.toMatchObject({ status: 200 });
    expect(server.requests).toHaveLength(2);
  });
});
