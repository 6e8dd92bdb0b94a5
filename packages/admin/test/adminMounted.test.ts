import { afterEach, describe, expect, it } from '@jest/globals';
import { createRuntime, type Runtime } from '@ballast/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { adminApi } from '../src/index.js';
import { call, TOKEN } from './adminFixtures.js';

describe('adminApi mounted in your own fastify server', () => {
  let app: FastifyInstance | undefined;
  let runtime: Runtime | undefined;
  afterEach(async () => {
    await app?.close();
    runtime?.dispose();
  });

  async function mount(): Promise<{ url: string }> {
    runtime = createRuntime();
    app = Fastify();
    app.get('/hello', () => ({ mine: true }));
    await app.register(adminApi, {
      prefix: '/admin',
      runtime,
      token: TOKEN,
      defaultMetrics: false,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
  }

  it('serves the API under its prefix with its own auth and problem+json, leaving the host routes alone', async () => {
    const server = await mount();
    expect((await call(server, 'GET', '/hello', { token: null })).body).toEqual({ mine: true });
    expect((await call(server, 'GET', '/admin/health/live', { token: null })).status).toBe(200);
    const refused = await call(server, 'GET', '/admin/api/breakers', { token: null });
    expect(refused.status).toBe(401);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.code).toBe('BALLAST_ERR_ADMIN_UNAUTHORIZED');
    expect((await call(server, 'GET', '/admin/api/breakers')).status).toBe(200);
    const unknown = await call(server, 'GET', '/admin/api/nothing');
    expect(unknown.body.code).toBe('BALLAST_ERR_ROUTE_NOT_FOUND');
    const wrongMethod = await call(server, 'DELETE', '/admin/api/breakers');
    expect([wrongMethod.status, wrongMethod.headers.allow]).toEqual([405, 'GET, HEAD, OPTIONS']);
  });

  it('exchanges the dashboard token back to the page under the prefix', async () => {
    const server = await mount();
    const exchange = await call(server, 'GET', `/admin/?token=${TOKEN}`, { token: null });
    expect(exchange.status).toBe(303);
    expect(exchange.headers['location']).toBe('/admin/');
    const cookie = String(exchange.headers['set-cookie']).split(';')[0]!;
    const page = await call(server, 'GET', '/admin/', { token: null, headers: { cookie } });
    expect(page.text).toContain('src="dashboard.js"');
    expect(
      (await call(server, 'GET', '/admin/dashboard.js', { token: null, headers: { cookie } }))
        .status,
    ).toBe(200);
  });
});
