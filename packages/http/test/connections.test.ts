import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRuntime } from '@ballast/core';
import { transportOnly } from './transportOnly.js';
import { type ChaosServer, startChaosServer } from '@ballast/testing';
import { getGlobalDispatcher } from 'undici';
import { createHttpClient, HttpRetryableError } from '../src/index.js';

const runtime = createRuntime();
let server: ChaosServer;

beforeAll(async () => {
  server = await startChaosServer({
    faults: {
      respond: (request) =>
        request.path === '/fail'
          ? { kind: 'respond', status: 503, body: 'e'.repeat(2_000) }
          : { kind: 'respond', body: JSON.stringify({ n: request.seq }) },
    },
  });
});
afterAll(async () => {
  await server.close();
  runtime.dispose();
});

describe('connections (real loopback server)', () => {
  it('consumes every body, so 60 requests, failures included, share one connection', async () => {
    const client = createHttpClient({ runtime, ...transportOnly, connectionsPerOrigin: 1 });
    const before = server.connectionCount;
    try {
      for (let i = 0; i < 60; i++) {
        if (i % 3 === 0)
          await expect(client.get(`${server.url}/fail`)).rejects.toBeInstanceOf(HttpRetryableError);
        else await expect(client.get(`${server.url}/ok`)).resolves.toMatchObject({ status: 200 });
      }
      expect(server.connectionCount - before).toBe(1);
      expect(client.stats()[server.url]).toEqual({ connected: 1, free: 1, pending: 0, running: 0 });
    } finally {
      await client.close();
    }
  });

  it('opens at most connectionsPerOrigin connections under concurrency', async () => {
    const client = createHttpClient({ runtime, ...transportOnly, connectionsPerOrigin: 2 });
    const before = server.connectionCount;
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, () => client.get(`${server.url}/ok`)),
      );
      expect(results.every((res) => res.status === 200)).toBe(true);
      expect(server.connectionCount - before).toBeLessThanOrEqual(2);
      expect(client.stats()[server.url]).toMatchObject({ running: 0, pending: 0 });
    } finally {
      await client.close();
    }
  });

  it('uses its own agent and leaves the global dispatcher alone', async () => {
    const global = getGlobalDispatcher();
    const client = createHttpClient({ runtime, ...transportOnly });
    try {
      await client.get(`${server.url}/ok`);
      expect(getGlobalDispatcher()).toBe(global);
      expect(Object.keys(client.stats())).toEqual([server.url]);
    } finally {
      await client.close();
    }
  });

  it('sends default headers and the idempotency key, letting request headers win', async () => {
    const client = createHttpClient({
      runtime,
      ...transportOnly,
      headers: { 'User-Agent': 'ballast-test', 'X-Team': 'a' },
    });
    try {
      await client.postJson(
        `${server.url}/ok`,
        { id: 1 },
        { idempotencyKey: 'k-1', headers: { 'x-team': 'b' } },
      );
      expect(server.requests.at(-1)!.headers).toMatchObject({
        'user-agent': 'ballast-test',
        'x-team': 'b',
        'idempotency-key': 'k-1',
        'content-type': 'application/json',
      });
    } finally {
      await client.close();
    }
  });
});
