import { createConnection } from 'node:net';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { type RedisServer, redisServerAvailable, startRedisServer } from './RedisServer.js';

/** Sends PING on a new connection; resolves with the reply, or 'no answer' after `withinMs`. */
function ping(port: number, withinMs = 300): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    const done = (reply: string): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reply);
    };
    const timer = setTimeout(() => done('no answer'), withinMs);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString().trim()));
    socket.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? 'error'));
  });
}

describe('redisServerAvailable', () => {
  const saved = process.env.CI;
  afterEach(() => {
    process.env.CI = saved;
  });

  it('skips with a message without the binary, and fails under CI=true', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    process.env.CI = 'false';
    expect(redisServerAvailable('x.test.ts', () => undefined)).toBe(false);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('x.test.ts: redis-server is not installed'),
    );
    process.env.CI = 'true';
    expect(() => redisServerAvailable('x.test.ts', () => undefined)).toThrow(
      'CI=true does not allow skipping',
    );
    expect(redisServerAvailable('x.test.ts', () => '/usr/bin/redis-server')).toBe(true);
  });
});

const describeRedis = redisServerAvailable('RedisServer.test.ts') ? describe : describe.skip;

describeRedis('startRedisServer', () => {
  let server: RedisServer | undefined;
  afterEach(() => server?.stop());

  it('starts on a loopback port, pauses, resumes, dies and restarts on the same port', async () => {
    server = await startRedisServer();
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(await ping(server.port)).toBe('+PONG');
    server.pause();
    expect(await ping(server.port)).toBe('no answer');
    server.resume();
    expect(await ping(server.port)).toBe('+PONG');
    await server.kill();
    expect(await ping(server.port)).toBe('ECONNREFUSED');
    await server.start();
    expect(await ping(server.port)).toBe('+PONG');
  });
});
