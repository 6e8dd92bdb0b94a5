import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createRuntime } from '@ballast/core';
import { transportOnly } from './transportOnly.js';
import { type ChaosServer, startChaosServer } from '@ballast/testing';
import {
  createHttpClient,
  type HttpClient,
  HttpBodyTooLargeError,
  HttpGoneError,
  HttpInvalidRequestError,
  HttpNetworkError,
  HttpPermanentError,
  HttpRetryableError,
} from '../src/index.js';

const runtime = createRuntime();
let server: ChaosServer;
let client: HttpClient;

beforeAll(async () => {
  server = await startChaosServer();
  client = createHttpClient({
    runtime,
    ...transportOnly,
    maxResponseBytes: 1_024,
    retryAfterCapMs: 60_000,
  });
});
afterEach(() => server.setFaults({}));
afterAll(async () => {
  await client.close();
  await server.close();
  runtime.dispose();
});

function respondWith(status: number, headers: Record<string, string> = {}): void {
  server.setFaults({
    routes: { '/s': { kind: 'respond', status, headers, body: `status ${status}` } },
  });
}

describe('response classification (real loopback server)', () => {
  it('resolves a 2xx with its body read', async () => {
    const res = await client.postJson(`${server.url}/s`, { a: 1 });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect(server.requests.at(-1)).toMatchObject({
      body: '{"a":1}',
      headers: expect.objectContaining({ 'content-type': 'application/json' }),
    });
  });

  it.each([200, 201, 204])('treats %i as success', async (status) => {
    respondWith(status);
    await expect(client.get(`${server.url}/s`)).resolves.toMatchObject({ status });
  });

  it.each([408, 425, 429, 500, 502, 503, 504])(
    'rejects %i with a retryable HttpRetryableError',
    async (status) => {
      respondWith(status);
      const error = await client.get(`${server.url}/s`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpRetryableError);
      expect(error).toMatchObject({
        code: 'BALLAST_ERR_HTTP_RETRYABLE',
        status,
        retryable: true,
        method: 'GET',
        host: server.url.slice(7),
      });
    },
  );

  it('rejects 410 with HttpGoneError', async () => {
    respondWith(410);
    await expect(client.get(`${server.url}/s`)).rejects.toMatchObject({
      name: 'HttpGoneError',
      code: HttpGoneError.code,
      status: 410,
      retryable: false,
    });
  });

  it.each([301, 400, 401, 403, 404, 409, 422])(
    'rejects %i with a permanent HttpPermanentError',
    async (status) => {
      respondWith(status);
      const error = await client.get(`${server.url}/s`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpPermanentError);
      expect(error).toMatchObject({ status, retryable: false });
    },
  );

  it('carries Retry-After in seconds as retryAfterMs', async () => {
    server.setFaults({ routes: { '/s': { kind: 'throttle', retryAfter: 3 } } });
    await expect(client.get(`${server.url}/s`)).rejects.toMatchObject({
      status: 429,
      retryAfterMs: 3_000,
    });
  });

  it('carries Retry-After as an HTTP-date as the time until that date', async () => {
    const at = new Date(Date.now() + 20_000).toUTCString();
    respondWith(503, { 'retry-after': at });
    const error = (await client
      .get(`${server.url}/s`)
      .catch((e: unknown) => e)) as HttpRetryableError;
    // HTTP dates have whole seconds: the wait lands within the second before the date.
    expect(error.retryAfterMs).toBeGreaterThan(18_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(20_000);
  });

  it('caps Retry-After at retryAfterCapMs', async () => {
    server.setFaults({ routes: { '/s': { kind: 'throttle', retryAfter: 86_400 } } });
    await expect(client.get(`${server.url}/s`)).rejects.toMatchObject({ retryAfterMs: 60_000 });
  });

  it('leaves retryAfterMs undefined without the header', async () => {
    respondWith(503);
    await expect(client.get(`${server.url}/s`)).rejects.toMatchObject({ retryAfterMs: undefined });
  });

  it.each(['reset', 'garbage', 'truncate'] as const)(
    'rejects a %s with a retryable HttpNetworkError',
    async (kind) => {
      server.setFaults({ routes: { '/s': { kind } } });
      const error = await client.get(`${server.url}/s`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpNetworkError);
      expect(error).toMatchObject({ retryable: true, status: undefined, cause: expect.anything() });
    },
  );

  it('rejects a refused connection with a retryable HttpNetworkError', async () => {
    const closed = await startChaosServer();
    const url = closed.url;
    await closed.close();
    await expect(client.get(`${url}/s`)).rejects.toMatchObject({
      name: 'HttpNetworkError',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('rejects a body over maxResponseBytes with HttpBodyTooLargeError', async () => {
    server.setFaults({ routes: { '/s': { kind: 'respond', body: 'x'.repeat(4_096) } } });
    await expect(client.get(`${server.url}/s`)).rejects.toBeInstanceOf(HttpBodyTooLargeError);
  });

  it('rejects a relative URL or a body given twice without sending anything', async () => {
    const before = server.requests.length;
    await expect(client.get('/relative')).rejects.toBeInstanceOf(HttpInvalidRequestError);
    await expect(
      client.request({ url: `${server.url}/s`, method: 'POST', body: 'a', json: {} }),
    ).rejects.toThrow(/either body or json/);
    expect(server.requests.length).toBe(before);
  });
});
