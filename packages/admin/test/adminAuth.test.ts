import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ConfigError, createRuntime } from '@ballast/core';
import { AdminBindError, startAdminServer } from '../src/index.js';
import { type AdminFixture, call, startFixture, TOKEN } from './adminFixtures.js';

describe('Admin server authentication', () => {
  let fixture: AdminFixture;

  beforeEach(async () => {
    fixture = await startFixture(() => ({ auth: { maxFailures: 3, windowMs: 60_000 } }));
  });

  afterEach(() => fixture.close());

  it('refuses a request without a token with 401 and a coded error', async () => {
    const answer = await call(fixture.admin, 'GET', '/api/breakers', { token: null });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toContain('Bearer');
    expect(answer.body.code).toBe('BALLAST_ERR_ADMIN_UNAUTHORIZED');
  });

  it('refuses a wrong token, including one of the same length', async () => {
    const wrong = await call(fixture.admin, 'GET', '/api/flags', {
      token: 'x'.repeat(TOKEN.length),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.detail).toBe('Wrong token.');
    const malformed = await call(fixture.admin, 'GET', '/api/flags', {
      token: null,
      headers: { authorization: `Basic ${TOKEN}` },
    });
    expect(malformed.status).toBe(401);
  });

  it('serves liveness without a token and everything else with it', async () => {
    expect((await call(fixture.admin, 'GET', '/health/live', { token: null })).status).toBe(200);
    expect((await call(fixture.admin, 'GET', '/health/ready', { token: null })).status).toBe(401);
    expect((await call(fixture.admin, 'GET', '/metrics', { token: null })).status).toBe(401);
    expect((await call(fixture.admin, 'GET', '/', { token: null })).status).toBe(401);
    expect((await call(fixture.admin, 'GET', '/api/breakers')).status).toBe(200);
  });

  it('answers wrong tokens past maxFailures with 429 and Retry-After, and only that client', async () => {
    for (let i = 0; i < 3; i++) {
      const wrong = await call(fixture.admin, 'GET', '/api/flags', { token: `wrong-${i}` });
      expect(wrong.status).toBe(401);
    }
    const limited = await call(fixture.admin, 'GET', '/api/flags', { token: 'wrong-3' });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('BALLAST_ERR_AUTH_THROTTLED');
    expect(limited.headers['retry-after']).toBe('60');
    const other = await call(fixture.admin, 'GET', '/api/flags', {
      token: 'wrong-4',
      localAddress: '127.0.0.2',
    });
    expect(other.status).toBe(401);
  });

  it('never locks out the right token: after five wrong ones it works from another client and from the same one', async () => {
    for (let i = 0; i < 5; i++)
      await call(fixture.admin, 'GET', '/api/flags', { token: `wrong-${i}` });
    expect((await call(fixture.admin, 'GET', '/api/flags', { token: 'wrong-5' })).status).toBe(429);
    const elsewhere = await call(fixture.admin, 'GET', '/api/flags', { localAddress: '127.0.0.2' });
    expect(elsewhere.status).toBe(200);
    const same = await call(fixture.admin, 'GET', '/api/flags');
    expect(same.status).toBe(200);
    // and the right token cleared the count
    expect((await call(fixture.admin, 'GET', '/api/flags', { token: 'wrong-6' })).status).toBe(401);
  });

  it('exchanges ?token= once for an HttpOnly SameSite session cookie that authorises the API', async () => {
    const exchange = await call(fixture.admin, 'GET', `/?token=${TOKEN}`, { token: null });
    expect(exchange.status).toBe(303);
    expect(exchange.headers['location']).toBe('/');
    const cookie = String(exchange.headers['set-cookie']);
    expect(cookie).toMatch(/^ballast_admin_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict/);
    const session = cookie.split(';')[0]!;
    const flags = await call(fixture.admin, 'GET', '/api/flags', {
      token: null,
      headers: { cookie: session },
    });
    expect(flags.status).toBe(200);
    const page = await call(fixture.admin, 'GET', '/', {
      token: null,
      headers: { cookie: session },
    });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const forged = await call(fixture.admin, 'GET', '/api/flags', {
      token: null,
      headers: { cookie: 'ballast_admin_session=forged' },
    });
    expect(forged.status).toBe(401);
  });

  it('accepts changes with a session cookie only from its own origin', async () => {
    const exchange = await call(fixture.admin, 'GET', `/?token=${TOKEN}`, { token: null });
    const cookie = String(exchange.headers['set-cookie']).split(';')[0]!;
    const host = new URL(fixture.admin.url).host;
    const forged = await call(fixture.admin, 'POST', '/api/breakers/payments/force-open', {
      token: null,
      headers: { cookie, origin: 'http://localhost:8080' },
    });
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('BALLAST_ERR_ADMIN_FORBIDDEN');
    const bare = await call(fixture.admin, 'POST', '/api/breakers/payments/force-open', {
      token: null,
      headers: { cookie },
    });
    expect(bare.status).toBe(403);
    const own = await call(fixture.admin, 'POST', '/api/breakers/payments/force-open', {
      token: null,
      headers: { cookie, origin: `http://${host}` },
    });
    expect(own.status).toBe(200);
  });

  it('counts a wrong ?token= as a failed attempt', async () => {
    const answer = await call(fixture.admin, 'GET', '/?token=nope', { token: null });
    expect(answer.status).toBe(401);
    expect(answer.headers['content-type']).toContain('text/html');
    expect(answer.headers['set-cookie']).toBeUndefined();
  });
});

describe('Admin server binding', () => {
  it('refuses a non-loopback bind without a token', async () => {
    const runtime = createRuntime();
    try {
      const attempt = startAdminServer(runtime, { host: '0.0.0.0', port: 0 });
      await expect(attempt).rejects.toBeInstanceOf(AdminBindError);
      await expect(startAdminServer(runtime, { host: '::', port: 0 })).rejects.toMatchObject({
        code: 'BALLAST_ERR_ADMIN_INSECURE_BIND',
      });
    } finally {
      runtime.dispose();
    }
  });

  it('binds any address with a token, and refuses tokens shorter than 16 characters', async () => {
    const runtime = createRuntime();
    try {
      await expect(
        startAdminServer(runtime, { host: '0.0.0.0', port: 0, token: 'short' }),
      ).rejects.toBeInstanceOf(ConfigError);
      const admin = await startAdminServer(runtime, {
        host: '0.0.0.0',
        port: 0,
        token: TOKEN,
        defaultMetrics: false,
      });
      expect(admin.port).toBeGreaterThan(0);
      await admin.close();
    } finally {
      runtime.dispose();
    }
  });

  it('generates a token on loopback when none is given and requires it', async () => {
    const runtime = createRuntime();
    const admin = await startAdminServer(runtime, { port: 0, defaultMetrics: false });
    try {
      expect(admin.host).toBe('127.0.0.1');
      expect(admin.token.length).toBeGreaterThanOrEqual(32);
      expect(admin.dashboardUrl).toBe(`${admin.url}/?token=${admin.token}`);
      expect((await call(admin, 'GET', '/api/flags', { token: null })).status).toBe(401);
      expect((await call(admin, 'GET', '/api/flags', { token: admin.token })).status).toBe(200);
    } finally {
      runtime.dispose(); // closes the server too
    }
  });

  it('rejects unknown options with a ConfigError naming the option', async () => {
    const runtime = createRuntime();
    try {
      await expect(startAdminServer(runtime, { prot: 1 } as never)).rejects.toThrow(/prot/);
    } finally {
      runtime.dispose();
    }
  });
});

describe('Admin server behind a TLS proxy (trustProxy)', () => {
  let fixture: AdminFixture;

  beforeEach(async () => {
    fixture = await startFixture(() => ({ trustProxy: ['127.0.0.1'], auth: { maxFailures: 2 } }));
  });

  afterEach(() => fixture.close());

  it('accepts a dashboard change whose Origin is the https origin the proxy was reached at', async () => {
    const proxied = {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'admin.example.com',
      'x-forwarded-for': '203.0.113.7',
    };
    const exchange = await call(fixture.admin, 'GET', `/?token=${TOKEN}`, {
      token: null,
      headers: proxied,
    });
    const cookie = String(exchange.headers['set-cookie']).split(';')[0]!;
    const change = await call(fixture.admin, 'POST', '/api/breakers/payments/force-open', {
      token: null,
      headers: { ...proxied, cookie, origin: 'https://admin.example.com' },
    });
    expect(change.status).toBe(200);
    const downgraded = await call(fixture.admin, 'POST', '/api/breakers/payments/close', {
      token: null,
      headers: { ...proxied, cookie, origin: 'http://admin.example.com' },
    });
    expect(downgraded.status).toBe(403);
  });

  it('throttles each forwarded client on its own, not the proxy', async () => {
    const from = (address: string) => ({ 'x-forwarded-for': address });
    for (let i = 0; i < 3; i++)
      await call(fixture.admin, 'GET', '/api/flags', {
        token: 'nope-nope',
        headers: from('203.0.113.7'),
      });
    expect(
      (
        await call(fixture.admin, 'GET', '/api/flags', {
          token: 'nope-nope',
          headers: from('203.0.113.7'),
        })
      ).status,
    ).toBe(429);
    expect(
      (
        await call(fixture.admin, 'GET', '/api/flags', {
          token: 'nope-nope',
          headers: from('198.51.100.9'),
        })
      ).status,
    ).toBe(401);
  });
});
