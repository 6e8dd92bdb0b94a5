import { afterEach, describe, expect, it } from '@jest/globals';
import { Agent, request as httpRequest } from 'node:http';
import { ConfigError } from '@ballast/core';
import type { ChaosServer } from './ChaosServer.js';
import { startChaosServer } from './startChaosServer.js';

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function send(
  url: string,
  init: { method?: string; body?: string; agent?: Agent } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: init.method ?? 'GET', agent: init.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('ChaosServer', () => {
  let server: ChaosServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers 200 {"ok":true} by default and records each request', async () => {
    server = await startChaosServer();
    const reply = await send(`${server.url}/hooks/a?x=1`, { method: 'POST', body: '{"id":1}' });
    expect(reply).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect(server.requests).toEqual([
      expect.objectContaining({
        seq: 1,
        method: 'POST',
        path: '/hooks/a?x=1',
        body: '{"id":1}',
        connection: 1,
        fault: 'respond',
      }),
    ]);
    expect(typeof server.requests[0]!.receivedAt).toBe('number');
  });

  it('plays a route sequence in order, then falls through to the healthy answer', async () => {
    server = await startChaosServer({
      faults: {
        routes: {
          '/flaky': [
            { kind: 'respond', status: 503 },
            { kind: 'respond', status: 502 },
          ],
        },
      },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await send(`${server.url}/flaky`)).status);
    expect(statuses).toEqual([503, 502, 200]);
  });

  it('prefers a METHOD route over a path route and ignores the query string', async () => {
    server = await startChaosServer({
      faults: {
        routes: {
          '/r': { kind: 'respond', status: 404 },
          'POST /r': { kind: 'respond', status: 410 },
        },
      },
    });
    expect((await send(`${server.url}/r?q=1`, { method: 'POST' })).status).toBe(410);
    expect((await send(`${server.url}/r`)).status).toBe(404);
  });

  it('throttles with 429 and the Retry-After header it was given', async () => {
    server = await startChaosServer({
      faults: { routes: { '/t': { kind: 'throttle', retryAfter: 7 } } },
    });
    const reply = await send(`${server.url}/t`);
    expect(reply.status).toBe(429);
    expect(reply.headers['retry-after']).toBe('7');
  });

  it('keeps a hung request open until close() destroys its socket', async () => {
    server = await startChaosServer({ faults: { routes: { '/hang': { kind: 'hang' } } } });
    const pending = send(`${server.url}/hang`);
    await server.waitForRequests(1);
    expect(server.openConnections).toBe(1);
    await server.close();
    await expect(pending).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  it('resets the connection without answering', async () => {
    server = await startChaosServer({ faults: { routes: { '/reset': { kind: 'reset' } } } });
    await expect(send(`${server.url}/reset`)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(server.requests[0]!.fault).toBe('reset');
  });

  it('writes invalid HTTP that the client cannot parse', async () => {
    server = await startChaosServer({ faults: { routes: { '/garbage': { kind: 'garbage' } } } });
    await expect(send(`${server.url}/garbage`)).rejects.toMatchObject({
      code: expect.stringMatching(/^HPE_/),
    });
  });

  it('truncates a body shorter than its content-length', async () => {
    server = await startChaosServer({ faults: { routes: { '/cut': { kind: 'truncate' } } } });
    await expect(send(`${server.url}/cut`)).rejects.toThrow(/aborted|ECONNRESET/);
  });

  it('sends a slow body chunk by chunk and completes it', async () => {
    server = await startChaosServer({
      faults: { routes: { '/slow': { kind: 'slowBody', chunks: 3, intervalMs: 1 } } },
    });
    const reply = await send(`${server.url}/slow`);
    expect(reply.body).toBe('x'.repeat(48));
  });

  it('injects rated faults reproducibly for a given seed', async () => {
    const faults = {
      rates: [{ fault: { kind: 'respond', status: 503 }, rate: 0.3 }],
      seed: 11,
    } as const;
    const run = async (): Promise<number[]> => {
      server = await startChaosServer({ faults });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await send(`${server.url}/r`)).status);
      await server.close();
      return statuses;
    };
    const first = await run();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('switches faults at runtime with setFaults()', async () => {
    server = await startChaosServer({
      faults: { routes: { '/x': { kind: 'respond', status: 500 } } },
    });
    expect((await send(`${server.url}/x`)).status).toBe(500);
    server.setFaults({});
    expect((await send(`${server.url}/x`)).status).toBe(200);
  });

  it('records which connection carried each request, so keep-alive reuse is visible', async () => {
    server = await startChaosServer();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await send(`${server.url}/a`, { agent });
      await send(`${server.url}/b`, { agent });
    } finally {
      agent.destroy();
    }
    expect(server.requests.map((r) => r.connection)).toEqual([1, 1]);
    expect(server.connectionCount).toBe(1);
  });

  it('refuses a host that is not loopback', async () => {
    await expect(startChaosServer({ host: '0.0.0.0' as '127.0.0.1' })).rejects.toThrow(ConfigError);
  });

  it('closes idempotently', async () => {
    server = await startChaosServer();
    await server.close();
    await expect(server.close()).resolves.toBeUndefined();
  });
});
