import { afterEach, describe, expect, it } from '@jest/globals';
import { createRuntime } from '@ballast/core';
import { CircuitOpenError } from '@ballast/resilience';
import Fastify, { type FastifyInstance } from 'fastify';
import { ballast } from '../src/index.js';

/** The README's examples, run. */
describe('the README', () => {
  let app: FastifyInstance | undefined;
  afterEach(() => app?.close());

  it('mounts the plugin: an open circuit answers 503 with Retry-After and the code', async () => {
    const runtime = createRuntime();
    app = Fastify();
    await app.register(ballast, {
      runtime,
      user: (request) => ({ key: String(request.headers['x-user-id'] ?? 'anonymous') }),
    });
    app.get('/quote', () => {
      throw new CircuitOpenError('payments', undefined, 'OPEN', 2_500);
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}/quote`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.json()).toMatchObject({
      type: 'about:blank',
      title: 'Service Unavailable',
      code: 'BALLAST_ERR_CIRCUIT_OPEN',
    });
    runtime.dispose();
  });
});
