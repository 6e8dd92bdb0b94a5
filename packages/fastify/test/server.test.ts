import { afterEach, describe, expect, it } from '@jest/globals';
import { connect, type Socket } from 'node:net';
import { type BallastServer, createServer, type ServerOptions } from '../src/index.js';

let app: BallastServer | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await app?.close();
  app = undefined;
});

async function serve(options: ServerOptions): Promise<number> {
  app = await createServer(options);
  app.get('/', () => ({ ok: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as { port: number }).port;
}

/** A raw connection; resolves once connected. */
function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
    sockets.push(socket);
  });
}

/** Everything the server sent until it closed the connection. */
function untilClosed(socket: Socket): Promise<string> {
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return new Promise((resolve) => socket.on('close', () => resolve(text)));
}

/** Connections the server holds open. */
function connections(): Promise<number> {
  return new Promise((resolve, reject) =>
    app!.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );
}

/** One request on an open connection, answered with its status line. */
function request(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    socket.once('data', (chunk: Buffer) => resolve(chunk.toString().split('\r\n')[0]!));
    socket.write('GET / HTTP/1.1\r\nHost: test\r\n\r\n');
  });
}

describe('createServer limits (real sockets)', () => {
  it('cuts a slowloris client off with a 408 problem while it is still sending headers', async () => {
    const port = await serve({ headersTimeoutMs: 300, connectionsCheckingIntervalMs: 50 });
    const socket = await open(port);
    const closed = untilClosed(socket);
    socket.write('GET / HTTP/1.1\r\nHost: test\r\n');
    let sent = 0;
    // One header line every 50 ms for up to 10 s: far past the 300 ms the server allows.
    const drip = setInterval(() => {
      if (socket.destroyed || sent++ > 200) return clearInterval(drip);
      socket.write(`X-Slow-${sent}: 1\r\n`);
    }, 50);
    const answer = await closed;
    clearInterval(drip);
    expect(sent).toBeLessThan(200);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('"code":"BALLAST_ERR_REQUEST_TIMEOUT"');
  });

  it('closes a connection that never sends anything once the header timeout passes', async () => {
    const port = await serve({ headersTimeoutMs: 200, connectionsCheckingIntervalMs: 50 });
    const answer = await untilClosed(await open(port));
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('refuses connections past maxConnections while serving the open ones', async () => {
    const port = await serve({ maxConnections: 2, maxConnectionsPerClient: 10 });
    const first = await open(port);
    const second = await open(port);
    expect(await request(first)).toBe('HTTP/1.1 200 OK');
    const third = await open(port);
    expect(await untilClosed(third)).toBe('');
    expect(await request(second)).toBe('HTTP/1.1 200 OK');
    expect(await request(first)).toBe('HTTP/1.1 200 OK');
  });

  it('refuses a client past maxConnectionsPerClient, and takes it back once one closes', async () => {
    const port = await serve({ maxConnections: 10, maxConnectionsPerClient: 1 });
    const first = await open(port);
    expect(await untilClosed(await open(port))).toBe('');
    expect(await request(first)).toBe('HTTP/1.1 200 OK');
    first.destroy();
    // The server sees the close a moment after the client does.
    for (let i = 0; i < 1_000 && (await connections()) > 0; i++) await new Promise(setImmediate);
    expect(await request(await open(port))).toBe('HTTP/1.1 200 OK');
  });

  it('does not count connections from trusted proxies per client', async () => {
    const port = await serve({
      maxConnections: 10,
      maxConnectionsPerClient: 1,
      trustProxy: ['127.0.0.1'],
    });
    const first = await open(port);
    const second = await open(port);
    expect(await request(first)).toBe('HTTP/1.1 200 OK');
    expect(await request(second)).toBe('HTTP/1.1 200 OK');
  });

  it('refuses bad options with a ConfigError naming them', async () => {
    await expect(createServer({ maxConnections: 0, colour: 'red' } as never)).rejects.toThrow(
      /^createServer options: "colour" is not a known field \(allowed: headersTimeoutMs, .*\); "maxConnections" must be >= 1\.$/,
    );
  });
});
