import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '../../..');
const cli = join(here, '../src/cluster/cli/ballast.ts');
const promClient = pathToFileURL(createRequire(import.meta.url).resolve('prom-client')).href;

/** A plain HTTP app as users write it: node:http, prom-client's global registry, one port. */
const APP = `
import http from 'node:http';
import client from '${promClient}';

const served = new client.Counter({ name: 'app_requests_total', help: 'Requests served.', labelNames: ['worker'] });
const server = http.createServer((request, response) => {
  served.inc({ worker: String(process.pid) });
  const slow = request.url === '/slow';
  if (slow) process.stderr.write('app: serving /slow\\n');
  const delay = slow ? 300 : 5;
  setTimeout(() => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ pid: process.pid, slot: process.env.BALLAST_WORKER_SLOT }));
  }, delay);
});
server.listen(Number(process.env.PORT), '127.0.0.1');
`;

/** A free loopback port (closed again before it is handed out). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** One GET on a new connection; resolves with status and body, rejects on any socket error. */
export function fetchOnce(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent: false, timeout: 5_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
  });
}

/** Resolves once `predicate` holds, checking after each turn of the event loop; bounded. */
export async function until(predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A `ballast run` primary started from the CLI, with its log lines. */
export class Primary {
  readonly appUrl: string;
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  readonly #child: ChildProcess;
  readonly #dir: string;
  #waiters: (() => void)[] = [];

  private constructor(dir: string, port: number, workers: number) {
    this.#dir = dir;
    this.appUrl = `http://127.0.0.1:${port}`;
    const app = join(dir, 'app.mjs');
    writeFileSync(app, APP);
    this.#child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=ballast-source',
        cli,
        'run',
        '--workers',
        String(workers),
        '--metrics-port',
        '0',
        app,
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, PORT: String(port) },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let pending = '';
    this.#child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (pending + chunk).split('\n');
      pending = parts.pop()!;
      this.lines.push(...parts);
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.exited = new Promise((resolve) => this.#child.on('exit', (code) => resolve(code)));
  }

  /** Starts a primary running the test app with `workers` workers. */
  static async start(workers: number): Promise<Primary> {
    return new Primary(mkdtempSync(join(tmpdir(), 'ballast-cluster-')), await freePort(), workers);
  }

  /** Sends a signal to the primary process. */
  signal(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }

  /** Waits for the `count`-th log line (counting from `from`) matching `pattern`. */
  async waitFor(
    pattern: RegExp,
    { from = 0, count = 1, timeoutMs = 15_000 } = {},
  ): Promise<RegExpMatchArray[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matches = this.lines
        .slice(from)
        .map((line) => line.match(pattern))
        .filter((match) => match !== null);
      if (matches.length >= count) return matches.slice(0, count);
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new Error(
          `no ${count} line(s) matching ${pattern} within ${timeoutMs} ms; log:\n${this.lines.join('\n')}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The metrics URL the primary printed. */
  async metricsUrl(): Promise<string> {
    const [match] = await this.waitFor(/metrics on (http:\S+)/);
    return match![1]!;
  }

  /** Kills whatever is left and removes the temp dir. */
  async dispose(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      this.#child.kill('SIGKILL');
      await this.exited;
    }
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
