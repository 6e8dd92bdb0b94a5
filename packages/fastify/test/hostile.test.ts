import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import Type from 'typebox';
import { type BallastServer, bearerTokenOf, createServer } from '../src/index.js';

/** What a hostile client sees: status, headers (lower-case names) and the parsed body. */
interface Seen {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

let app: BallastServer;
let port: number;
/** Bodies the `/items` route was handed. */
const received: unknown[] = [];

beforeAll(async () => {
  app = await createServer({ ballast: { onServerError: () => {} } });
  app.get('/items/:id', { schema: { params: Type.Object({ id: Type.String() }) } }, (request) => ({
    id: request.params.id,
  }));
  app.post('/items', (request) => {
    received.push(request.body);
    return { ok: true };
  });
  app.get('/whoami', (request) => ({ token: bearerTokenOf(request) ?? null }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
});

afterAll(() => app.close());

/** Sends `head` (request line and headers, no blank line) and `body` as written, on a raw socket. */
function send(head: string, body: Buffer | string = ''): Promise<Seen> {
  const bytes = Buffer.from(body);
  const length = bytes.length > 0 ? `Content-Length: ${bytes.length}\r\n` : '';
  const request = Buffer.concat([
    Buffer.from(`${head}\r\nHost: test\r\n${length}Connection: close\r\n\r\n`),
    bytes,
  ]);
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [top = '', text = ''] = Buffer.concat(chunks).toString('utf8').split('\r\n\r\n');
      const [statusLine = '', ...lines] = top.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
        }),
      );
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers,
        body: text === '' ? undefined : JSON.parse(text),
      });
    });
  });
}

const json = (type = 'application/json') => `POST /items HTTP/1.1\r\nContent-Type: ${type}`;

function expectProblem(seen: Seen, status: number, code: string): void {
  expect(seen.status).toBe(status);
  expect(seen.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(seen.body).toMatchObject({ status, code });
  expect(JSON.stringify(seen.body)).not.toMatch(/node_modules|\/src\/|at [A-Za-z]+ \(/);
}

describe('createServer against hostile paths (raw sockets)', () => {
  it('answers bad percent-encoding (overlong UTF-8 dots) with a problem, not fastify JSON', async () => {
    expectProblem(
      await send('GET /items/%c0%ae%c0%ae HTTP/1.1'),
      400,
      'BALLAST_ERR_REQUEST_INVALID',
    );
  });

  it('answers a path parameter past fastify maxParamLength with a problem, not a bare 414', async () => {
    const seen = await send(`GET /items/${'a'.repeat(5_000)} HTTP/1.1`);
    expectProblem(seen, 400, 'BALLAST_ERR_REQUEST_INVALID');
    expect(seen.body.detail).toBe('A path parameter is longer than this server accepts.');
  });

  it('never routes encoded separators, dot segments, double slashes or case variants elsewhere', async () => {
    for (const path of [
      '/items%2Fx',
      '//items/x',
      '/ITEMS/x',
      '/x/%2e%2e/items/x',
      '/items;a=1/x',
    ]) {
      expectProblem(await send(`GET ${path} HTTP/1.1`), 404, 'BALLAST_ERR_ROUTE_NOT_FOUND');
    }
    // Inside one parameter, decoded dots and NUL stay data for the route's schema to judge.
    expect((await send('GET /items/%2e%2e%2f%00 HTTP/1.1')).body).toEqual({ id: '../\u0000' });
  });
});

describe('createServer methods (RFC 9110)', () => {
  it('answers a known path with another method 405 BALLAST_ERR_METHOD_NOT_ALLOWED and Allow', async () => {
    for (const method of ['DELETE', 'PATCH', 'PROPFIND']) {
      const seen = await send(`${method} /items HTTP/1.1`);
      expectProblem(seen, 405, 'BALLAST_ERR_METHOD_NOT_ALLOWED');
      expect(seen.headers.allow).toBe('POST, OPTIONS');
    }
    expect((await send('POST /items/1 HTTP/1.1')).headers.allow).toBe('GET, HEAD, OPTIONS');
  });

  it('answers OPTIONS on a known path 204 with Allow and no CORS grant, elsewhere 404', async () => {
    const seen = await send(
      'OPTIONS /items HTTP/1.1\r\nOrigin: http://evil.example\r\nAccess-Control-Request-Method: POST',
    );
    expect(seen.status).toBe(204);
    expect(seen.headers.allow).toBe('POST, OPTIONS');
    expect(Object.keys(seen.headers).filter((name) => name.startsWith('access-control'))).toEqual(
      [],
    );
    expectProblem(await send('OPTIONS /nowhere HTTP/1.1'), 404, 'BALLAST_ERR_ROUTE_NOT_FOUND');
  });

  it('answers HEAD on a GET route without a body', async () => {
    const seen = await send('HEAD /items/1 HTTP/1.1');
    expect([seen.status, seen.body]).toEqual([200, undefined]);
  });

  it('sends Cache-Control: no-store and nosniff on answers, errors and 404s alike', async () => {
    for (const head of ['GET /items/1 HTTP/1.1', 'GET /nowhere HTTP/1.1', 'GET /%c0 HTTP/1.1']) {
      const { headers } = await send(head);
      expect([headers['cache-control'], headers['x-content-type-options']]).toEqual([
        'no-store',
        'nosniff',
      ]);
    }
  });
});

describe('createServer bodies', () => {
  it('refuses a charset other than UTF-8 with 415 before reading a character', async () => {
    const before = received.length;
    // "Ã©" in latin1 is the UTF-8 of "é": decoding it as UTF-8 would store another title.
    for (const type of ['application/json; charset=latin1', 'application/json;charset="utf-16"']) {
      const seen = await send(json(type), Buffer.from('{"t":"Ã©"}', 'latin1'));
      expectProblem(seen, 415, 'BALLAST_ERR_REQUEST_MEDIA_TYPE');
      expect(seen.body.detail).toContain('UTF-8');
    }
    expect(received.length).toBe(before);
    for (const type of ['application/json; charset=UTF-8', 'application/json; charset="utf8"']) {
      expect((await send(json(type), '{"t":"é"}')).status).toBe(200);
    }
  });

  it('refuses a gzip body with 415 naming Content-Encoding (not a misleading UTF-8 error)', async () => {
    const seen = await send(`${json()}\r\nContent-Encoding: gzip`, gzipSync('{"t":1}'));
    expectProblem(seen, 415, 'BALLAST_ERR_REQUEST_MEDIA_TYPE');
    expect(seen.body.detail).toContain('Content-Encoding');
  });

  it('refuses Transfer-Encoding with Content-Length (request smuggling) as bad HTTP', async () => {
    const seen = await send(
      `${json()}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked`,
      '7\r\n{"t":1}\r\n0\r\n\r\n',
    );
    expectProblem(seen, 400, 'BALLAST_ERR_REQUEST_INVALID');
  });

  it('refuses __proto__ and constructor.prototype keys, and pollutes nothing', async () => {
    for (const body of [
      '{"__proto__":{"polluted":1}}',
      '{"constructor":{"prototype":{"polluted":1}}}',
    ]) {
      expectProblem(await send(json(), body), 400, 'BALLAST_ERR_REQUEST_INVALID');
    }
    await send('GET /items/1?__proto__[polluted]=1&constructor[prototype][polluted]=1 HTTP/1.1');
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('keeps the last of duplicate keys and big numbers as JSON.parse does (deliberate)', async () => {
    await send(json(), '{"t":"first","t":"last","n":9007199254740993}');
    expect(received.at(-1)).toEqual({ t: 'last', n: 9007199254740992 });
  });

  it('survives a body nested as deep as the body limit allows', async () => {
    const depth = 30_000;
    expect((await send(json(), `${'['.repeat(depth)}${']'.repeat(depth)}`)).status).toBe(200);
  });
});

describe('bearerTokenOf', () => {
  it('reads the scheme in any case and with several spaces, and nothing else', async () => {
    const tokenOf = async (value: string) =>
      (await send(`GET /whoami HTTP/1.1\r\nAuthorization: ${value}`)).body.token;
    expect(await tokenOf('Bearer abc')).toBe('abc');
    expect(await tokenOf('bearer   abc')).toBe('abc');
    expect(await tokenOf('Bearer\tabc')).toBeNull();
    expect(await tokenOf('Basic abc')).toBeNull();
    expect(await tokenOf('Bearer abc def')).toBeNull();
  });

  it('refuses two Authorization headers with 400 (a proxy may have checked the other one)', async () => {
    const seen = await send(
      'GET /whoami HTTP/1.1\r\nAuthorization: Bearer one\r\nauthorization: Bearer two',
    );
    expectProblem(seen, 400, 'BALLAST_ERR_REQUEST_INVALID');
    expect(seen.body.detail).toBe('Send one Authorization header, not several.');
  });
});
