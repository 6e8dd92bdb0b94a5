import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Options of {@link startRedisServer}. */
export interface RedisServerOptions {
  /**
   * `none`: nothing is written to disk (a killed server comes back empty). `aof`: every write is
   * appended and fsynced, so a killed and restarted server keeps its data.
   * @default 'none'
   */
  readonly persistence?: 'none' | 'aof';
  /** Path of the binary. @default the first `redis-server` on PATH, else /usr/bin/redis-server */
  readonly binary?: string;
}

/** The `redis-server` binary, or undefined when none is installed. */
export function findRedisServer(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin'];
  for (const dir of dirs) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, 'redis-server'), constants.X_OK);
      return join(dir, 'redis-server');
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * Whether tests that need a real Redis can run. Without the binary they skip with a message on a
 * developer's machine; under `CI=true` a missing binary throws, so the suite fails instead.
 */
export function redisServerAvailable(
  testFile: string,
  find: () => string | undefined = findRedisServer,
): boolean {
  if (find() !== undefined) return true;
  const message = `${testFile}: redis-server is not installed (apt-get install -y redis-server)`;
  if (process.env.CI === 'true') throw new Error(`${message}; CI=true does not allow skipping.`);
  console.warn(`${message}; skipped.`);
  return false;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A real `redis-server` on a loopback port with its own temporary directory, for tests and
 * benchmarks: pause it (SIGSTOP) to play a hung server, kill it (SIGKILL) to play a crash,
 * restart it on the same port and directory.
 */
export class RedisServer {
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();

  /** @internal use {@link startRedisServer}. */
  constructor(
    readonly port: number,
    readonly dir: string,
    readonly binary: string,
    readonly persistence: 'none' | 'aof',
  ) {}

  /** `redis://127.0.0.1:<port>`. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Pid of the running server. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Starts the server (again) and resolves once it accepts connections. */
  async start(): Promise<void> {
    if (this.#child !== undefined) return;
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir];
    args.push('--save', '', '--daemonize', 'no', '--logfile', '');
    args.push('--appendonly', this.persistence === 'aof' ? 'yes' : 'no');
    if (this.persistence === 'aof') args.push('--appendfsync', 'always');
    const child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const stopWatching = (): void => {
        child.off('exit', onEarlyExit);
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onData);
      };
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (!output.includes('Ready to accept connections')) return;
        stopWatching();
        resolve();
      };
      const onEarlyExit = (code: number | null, signal: string | null): void => {
        stopWatching();
        this.#child = undefined;
        reject(
          new Error(`redis-server exited (${code ?? signal}) before it was ready:\n${output}`),
        );
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', onEarlyExit);
    });
    // Keep draining its output so a chatty server never blocks on a full pipe.
    child.stdout!.resume();
    child.stderr!.resume();
    child.once('exit', () => {
      if (this.#child === child) this.#child = undefined;
    });
  }

  /** SIGSTOP: connections stay open and commands get no answer, like a hung server. */
  pause(): void {
    this.#child?.kill('SIGSTOP');
  }

  /** SIGCONT after {@link RedisServer.pause}. */
  resume(): void {
    this.#child?.kill('SIGCONT');
  }

  /** SIGKILL (also of a paused server); resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    child.kill('SIGKILL');
    await this.#exited;
  }

  /** Kills the server and removes its directory. Idempotent. */
  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Starts a `redis-server` on a free loopback port in a new temporary directory.
 *
 * @example
 * ```ts
 * const server = await startRedisServer();
 * try {
 *   const client = await createClient({ url: server.url }).connect();
 *   server.pause(); // commands now hang
 * } finally {
 *   await server.stop();
 * }
 * ```
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = options.binary ?? findRedisServer();
  if (binary === undefined) throw new Error('redis-server is not installed.');
  const dir = mkdtempSync(join(tmpdir(), 'ballast-redis-'));
  let lastError: unknown;
  // The free port is released before redis binds it; another process may take it meanwhile.
  for (let attempt = 0; attempt < 5; attempt++) {
    const server = new RedisServer(await freePort(), dir, binary, options.persistence ?? 'none');
    try {
      await server.start();
      return server;
    } catch (error) {
      lastError = error;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}
