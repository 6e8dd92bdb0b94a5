import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRuntime, runInContext } from '@ballast/core';
import { transportOnly } from './transportOnly.js';
import { type ChaosServer, startChaosServer } from '@ballast/testing';
import {
  createHttpClient,
  type HttpClient,
  HttpAbortedError,
  HttpTimeoutError,
} from '../src/index.js';

const runtime = createRuntime();
let server: ChaosServer;
let client: HttpClient;

beforeAll(async () => {
  server = await startChaosServer({
    faults: {
      routes: {
        '/hang': { kind: 'hang' },
        '/stall': { kind: 'slowBody', chunks: 2, intervalMs: 60_000 },
      },
    },
  });
  client = createHttpClient({ runtime, ...transportOnly, headersTimeoutMs: 50, bodyTimeoutMs: 50 });
});
afterAll(async () => {
  // Hung requests hold their sockets until the server destroys them; then the pool can close.
  await server.close();
  await client.close();
  runtime.dispose();
});

describe('timeouts (real loopback server)', () => {
  it('fails a server that never answers with a headers timeout', async () => {
    const error = await client.get(`${server.url}/hang`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpTimeoutError);
    expect(error).toMatchObject({
      phase: 'headers',
      retryable: true,
      code: 'BALLAST_ERR_HTTP_TIMEOUT',
      status: undefined,
    });
  });

  it('fails a body that stops arriving with a body timeout', async () => {
    await expect(client.get(`${server.url}/stall`)).rejects.toMatchObject({
      name: 'HttpTimeoutError',
      phase: 'body',
    });
  });

  it('shrinks its timeouts to the deadline of the call context', async () => {
    const patient = createHttpClient({
      runtime,
      ...transportOnly,
      headersTimeoutMs: 60_000,
      bodyTimeoutMs: 60_000,
    });
    try {
      const pending = runInContext({ deadline: runtime.clock.now() + 40 }, () =>
        patient.get(`${server.url}/hang`),
      );
      await expect(pending).rejects.toMatchObject({ name: 'HttpTimeoutError', phase: 'deadline' });
    } finally {
      await patient.close();
    }
  });

  it('sends nothing when the deadline has already passed', async () => {
    const before = server.requests.length;
    const pending = runInContext({ deadline: runtime.clock.now() - 1 }, () =>
      client.get(`${server.url}/hang`),
    );
    await expect(pending).rejects.toMatchObject({ phase: 'deadline', retryable: false });
    expect(server.requests.length).toBe(before);
  });

  it("cancels with the call context's signal", async () => {
    const controller = new AbortController();
    const pending = runInContext({ cancellation: controller }, () =>
      client.get(`${server.url}/hang`),
    );
    await server.waitForRequests(server.requests.length + 1);
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpAbortedError);
    expect(error).toMatchObject({ retryable: false });
  });

  it("honours a caller's AbortController in the context even when a deadline is set", async () => {
    const controller = new AbortController();
    const pending = runInContext(
      { deadline: runtime.clock.now() + 60_000, cancellation: controller },
      () => client.get(`${server.url}/hang`),
    );
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(HttpAbortedError);
  });

  it("cancels with the request's own signal", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      client.get(`${server.url}/hang`, { signal: controller.signal }),
    ).rejects.toBeInstanceOf(HttpAbortedError);
  });
});
