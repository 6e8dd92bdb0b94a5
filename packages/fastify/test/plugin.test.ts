import { afterEach, describe, expect, it } from '@jest/globals';
import { CancelledError, createRuntime, currentContext } from '@ballast/core';
import { connect } from 'node:net';
import {
  BulkheadFullError,
  CircuitOpenError,
  RateLimitedError,
  TimeoutError,
} from '@ballast/resilience';
import { ManualClock } from '@ballast/testing';
import Fastify from 'fastify';
import Type from 'typebox';
import { ballast, type BallastServer, createServer } from '../src/index.js';

let app: BallastServer | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function serve(
  setup: (server: BallastServer) => void,
  clock = new ManualClock(),
): Promise<string> {
  const runtime = createRuntime({ clock });
  app = await createServer({
    ballast: {
      runtime,
      maxDeadlineMs: 5_000,
      user: (request) => {
        const key = request.headers['x-user'];
        return typeof key === 'string' ? { key, attributes: { plan: 'pro' } } : undefined;
      },
      onServerError: () => {},
    },
  });
  setup(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return `http://127.0.0.1:${port}`;
}

describe('ballast plugin: call context', () => {
  it('runs the handler with the request id, the deadline and the user', async () => {
    const clock = new ManualClock(1_000);
    const url = await serve((server) => {
      server.post('/ctx', async () => {
        await Promise.resolve();
        const context = currentContext();
        return { requestId: context?.requestId, deadline: context?.deadline, user: context?.user };
      });
    }, clock);
    const response = await fetch(`${url}/ctx`, {
      method: 'POST',
      headers: {
        'x-request-id': 'req-1',
        'x-user': 'alice',
        'x-request-timeout-ms': '250',
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(await response.json()).toEqual({
      requestId: 'req-1',
      deadline: 1_250,
      user: { key: 'alice', attributes: { plan: 'pro' } },
    });
  });

  it("caps the caller's budget at maxDeadlineMs and uses the cap without the header", async () => {
    const clock = new ManualClock(0);
    const url = await serve((server) => {
      server.get('/deadline', () => ({ deadline: currentContext()?.deadline }));
    }, clock);
    const capped = await fetch(`${url}/deadline`, {
      headers: { 'x-request-timeout-ms': '99999999' },
    });
    expect(await capped.json()).toEqual({ deadline: 5_000 });
    expect(await (await fetch(`${url}/deadline`)).json()).toEqual({ deadline: 5_000 });
  });

  it('refuses a budget that is not whole milliseconds with a 400 naming the header', async () => {
    const url = await serve((server) => server.get('/deadline', () => ({})));
    const response = await fetch(`${url}/deadline`, {
      headers: { 'x-request-timeout-ms': '1.5s' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'BALLAST_ERR_REQUEST_INVALID',
      errors: [
        { field: 'headers.x-request-timeout-ms', detail: 'must be a whole number of milliseconds' },
      ],
    });
  });

  it('makes a bad X-Request-Id a fresh id instead of logging what the client sent', async () => {
    const url = await serve((server) => server.get('/id', (request) => ({ id: request.id })));
    const { id } = (await (
      await fetch(`${url}/id`, { headers: { 'x-request-id': 'a b\u00e9' } })
    ).json()) as { id: string };
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("gives the context a string request id when the app's own genReqId answers a number", async () => {
    const runtime = createRuntime();
    let next = 41;
    const own = Fastify({ genReqId: () => ++next as unknown as string });
    app = own as unknown as BallastServer;
    await own.register(ballast, { runtime });
    own.get('/id', () => ({ requestId: currentContext()?.requestId }));
    await own.listen({ port: 0, host: '127.0.0.1' });
    const { port } = own.server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}/id`);
    expect(await response.json()).toEqual({ requestId: '42' });
    runtime.dispose();
  });
});

describe('ballast plugin: a client that hangs up', () => {
  it("aborts the call context's signal, so pending calls stop for nobody", async () => {
    let reached!: () => void;
    const inHandler = new Promise<void>((resolve) => (reached = resolve));
    const aborted = new Promise<unknown>((resolve) => {
      void serve((server) => {
        server.get('/slow', async () => {
          const signal = currentContext()!.signal!;
          signal.addEventListener('abort', () => resolve(signal.reason), { once: true });
          reached();
          await new Promise(() => undefined); // never answers
        });
      }).then((url) => {
        const socket = connect(Number(new URL(url).port), '127.0.0.1', () =>
          socket.write('GET /slow HTTP/1.1\r\nHost: test\r\n\r\n'),
        );
        void inHandler.then(() => socket.destroy());
      });
    });
    expect(String(await aborted)).toContain('the client closed the connection');
  });

  it('answers a CancelledError with 499 and its code', async () => {
    const url = await serve((server) =>
      server.get('/cancelled', () => {
        throw new CancelledError('quote');
      }),
    );
    const response = await fetch(`${url}/cancelled`);
    expect(response.status).toBe(499);
    expect(await response.json()).toMatchObject({
      title: 'Client Closed Request',
      code: 'BALLAST_ERR_CANCELLED',
    });
  });
});

describe('ballast plugin: errors as problem+json', () => {
  const thrown: Record<string, () => unknown> = {
    circuit: () => new CircuitOpenError('payments', 'eu', 'OPEN', 2_500),
    forced: () => new CircuitOpenError('payments', undefined, 'FORCED_OPEN', Infinity),
    bulkhead: () => new BulkheadFullError('pool', 'full'),
    rate: () => new RateLimitedError('api', undefined, 400),
    timeout: () => new TimeoutError('quote', 2_000),
    bug: () => new Error('secret internals'),
  };

  async function problem(name: string): Promise<{
    status: number;
    retryAfter: string | null;
    type: string | null;
    body: Record<string, unknown>;
  }> {
    const url = await serve((server) => {
      for (const [route, make] of Object.entries(thrown))
        server.get(`/${route}`, () => {
          throw make();
        });
    });
    const response = await fetch(`${url}/${name}`, { headers: { 'x-request-id': 'r-9' } });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      type: response.headers.get('content-type'),
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  it.each([
    ['circuit', 503, '3', 'BALLAST_ERR_CIRCUIT_OPEN', 'Service Unavailable'],
    ['forced', 503, '1', 'BALLAST_ERR_CIRCUIT_OPEN', 'Service Unavailable'],
    ['bulkhead', 503, '1', 'BALLAST_ERR_BULKHEAD_FULL', 'Service Unavailable'],
    ['rate', 429, '1', 'BALLAST_ERR_RATE_LIMITED', 'Too Many Requests'],
    ['timeout', 504, null, 'BALLAST_ERR_TIMEOUT', 'Gateway Timeout'],
  ])(
    'answers %s with %i, Retry-After %s and the code',
    async (name, status, retryAfter, code, title) => {
      const reply = await problem(name);
      expect(reply.status).toBe(status);
      expect(reply.retryAfter).toBe(retryAfter);
      expect(reply.type).toMatch(/^application\/problem\+json/);
      expect(reply.body).toEqual({
        type: 'about:blank',
        title,
        status,
        detail: expect.any(String),
        code,
        requestId: 'r-9',
      });
    },
  );

  it('answers an uncoded error with a bare 500 that says nothing of it', async () => {
    const reply = await problem('bug');
    expect(reply.status).toBe(500);
    expect(reply.body).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'Internal error (request r-9).',
      code: 'BALLAST_ERR_INTERNAL',
      requestId: 'r-9',
    });
  });

  it('answers an unknown route with 404 BALLAST_ERR_ROUTE_NOT_FOUND', async () => {
    const url = await serve(() => {});
    const response = await fetch(`${url}/nowhere?token=x`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      code: 'BALLAST_ERR_ROUTE_NOT_FOUND',
      detail: 'No route GET /nowhere.',
    });
  });

  it('answers a body that fails its schema with 400 naming every field, never the value', async () => {
    const url = await serve((server) => {
      server.post(
        '/notes',
        {
          schema: {
            body: Type.Object(
              {
                title: Type.String({ maxLength: 5 }),
                tags: Type.Optional(Type.Array(Type.String())),
              },
              { additionalProperties: false },
            ),
          },
        },
        () => ({ ok: true }),
      );
    });
    const response = await fetch(`${url}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'hunter2-secret', tags: [1], colour: 'red' }),
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text)).toMatchObject({
      code: 'BALLAST_ERR_REQUEST_INVALID',
      errors: expect.arrayContaining([
        { field: 'title', detail: 'must have at most 5 characters' },
        { field: 'tags[0]', detail: 'must be a string' },
        { field: 'colour', detail: 'is not a known field (allowed: title, tags)' },
      ]),
    });
  });
});

describe('ballast plugin: strict bodies', () => {
  it('refuses a body that is not valid UTF-8 with 400 and a text/plain body with 415, running no handler', async () => {
    let handled = 0;
    const url = await serve((server) => server.post('/write', () => ({ handled: ++handled })));
    const invalid = await fetch(`${url}/write`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), // {"a":"\xc3("}
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      code: 'BALLAST_ERR_REQUEST_INVALID',
      detail: 'The body is not valid UTF-8.',
    });
    const text = await fetch(`${url}/write`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"a":1}',
    });
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({ code: 'BALLAST_ERR_REQUEST_MEDIA_TYPE' });
    const good = await fetch(`${url}/write`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"a":"é"}',
    });
    expect(await good.json()).toEqual({ handled: 1 });
  });

  it('refuses a body over bodyLimit with 413', async () => {
    const url = await serve((server) => server.post('/write', () => ({})));
    const response = await fetch(`${url}/write`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: 'x'.repeat(70_000) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'BALLAST_ERR_REQUEST_TOO_LARGE' });
  });
});
