import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from 'node:net';
import { type AdminFixture, call, startFixture, TOKEN } from './adminFixtures.js';

/** The status line of a GET of `path` sent byte for byte (a client library would resolve `..`). */
function rawGet(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.end(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
    );
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(text.split('\r\n')[0]!));
  });
}

describe('Admin API against hostile requests', () => {
  let fixture: AdminFixture;

  beforeAll(async () => {
    fixture = await startFixture(() => ({ auth: { maxFailures: 2, windowMs: 60_000 } }));
  });

  afterAll(() => fixture.close());

  it('accepts the Bearer scheme in any case and with several spaces (two spaces were a 401)', async () => {
    for (const authorization of [`bearer ${TOKEN}`, `Bearer  ${TOKEN}`, `BEARER ${TOKEN}`]) {
      const answer = await call(fixture.admin, 'GET', '/api/breakers', {
        token: null,
        headers: { authorization },
      });
      expect(answer.status).toBe(200);
    }
  });

  it('keys the throttle on the TCP peer when no proxy is trusted, whatever X-Forwarded-For says', async () => {
    const statuses: number[] = [];
    for (const forwarded of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      const answer = await call(fixture.admin, 'GET', '/api/flags', {
        token: 'wrong-token',
        headers: { 'x-forwarded-for': forwarded },
        localAddress: '127.0.0.3',
      });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([401, 401, 429]);
  });

  it('never lets dot segments or encoded slashes reach an API route from a public one', async () => {
    for (const path of [
      '/health/live/../../api/breakers',
      '/health/live/%2e%2e/%2e%2e/api/breakers',
      '/health%2F..%2Fapi/breakers',
      '/%2e%2e/api/breakers',
      '/HEALTH/live',
      '/health/live;x=1',
    ]) {
      expect([path, await rawGet(fixture.admin.port, path)]).toEqual([
        path,
        'HTTP/1.1 404 Not Found',
      ]);
    }
  });

  it('takes no token from an API query string, and the dashboard exchange drops it from the URL', async () => {
    const query = await call(fixture.admin, 'GET', `/api/breakers?token=${TOKEN}`, { token: null });
    expect(query.status).toBe(401);
    const exchange = await call(fixture.admin, 'GET', `/?token=${TOKEN}`, { token: null });
    expect([exchange.status, exchange.headers.location]).toEqual([303, '/']);
    expect(exchange.headers['referrer-policy']).toBe('no-referrer');
  });

  it('answers a CORS preflight with Allow and no grant, so no other origin may call the API', async () => {
    const preflight = await call(fixture.admin, 'OPTIONS', '/api/flags/new-search', {
      token: null,
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'PUT' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.allow).toBe('PUT, PATCH, DELETE, OPTIONS');
    expect(
      Object.keys(preflight.headers).filter((name) => name.startsWith('access-control')),
    ).toEqual([]);
  });

  it('puts the CSP with frame-ancestors on the 401 login hint too, not only on the page', async () => {
    const hint = await call(fixture.admin, 'GET', '/', { token: null });
    expect(hint.status).toBe(401);
    expect(hint.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(hint.headers['x-content-type-options']).toBe('nosniff');
    expect(hint.headers['cache-control']).toBe('no-store');
  });
});

describe('Admin API behind a trusted proxy, against a forged X-Forwarded-For', () => {
  let fixture: AdminFixture;

  beforeAll(async () => {
    fixture = await startFixture(() => ({
      trustProxy: ['127.0.0.1'],
      auth: { maxFailures: 2, windowMs: 60_000 },
    }));
  });

  afterAll(() => fixture.close());

  it('throttles the address the proxy appended, not the one the client prepended', async () => {
    const statuses: number[] = [];
    for (const forged of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      const answer = await call(fixture.admin, 'GET', '/api/flags', {
        token: 'wrong-token',
        headers: { 'x-forwarded-for': `${forged}, 203.0.113.7` },
      });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([401, 401, 429]);
  });
});
