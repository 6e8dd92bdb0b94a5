import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, type Runtime, type RuntimeOptions, weave } from '@ballast/core';
import { FeatureFlag, flagsOf } from '@ballast/flags';
import { CircuitBreaker } from '@ballast/resilience';
import { SafeLog } from '@ballast/safe-log';
import { type AdminServer, type AdminServerOptions, startAdminServer } from '../src/index.js';

export const TOKEN = 'test-admin-token-0123456789';

/** Swallows SafeLog lines so test output stays quiet. */
const quiet = { log: (): void => undefined };

/** A woven service: a breaker-protected, logged payment call and a flag-gated search. */
export class Payments {
  healthy = true;

  @SafeLog({ logger: quiet, successLevel: 'off' })
  @CircuitBreaker({
    name: 'payments',
    window: 'consecutive',
    consecutiveFailures: 2,
    openDuration: 600_000,
  })
  async charge(amount: number): Promise<number> {
    if (!this.healthy) throw new Error('payments down');
    return amount;
  }

  @SafeLog({ logger: quiet, successLevel: 'off' })
  @CircuitBreaker({
    name: 'ledger',
    key: ([user]: string[]) => user ?? '',
    consecutiveFailures: 2,
    window: 'consecutive',
  })
  async record(user: string): Promise<string> {
    return user;
  }

  @FeatureFlag('new-search', { whenOff: { value: 'old search' } })
  async search(query: string): Promise<string> {
    return `new search: ${query}`;
  }
}

/** A JSON answer of the admin server. */
export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

/** One request on a fresh connection (no keep-alive, so nothing outlives the test). */
export function call(
  admin: { readonly url: string },
  method: string,
  path: string,
  options: {
    token?: string | null;
    body?: unknown;
    raw?: string;
    headers?: Record<string, string>;
    /** Source address, another loopback one (`127.0.0.2`) to be another client. */
    localAddress?: string;
  } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  const payload =
    options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (payload !== undefined) {
    headers['content-type'] ??= 'application/json';
    // DELETE bodies are not chunked by default: without a length the body would be lost.
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = request(
      `${admin.url}${path}`,
      { method, headers, agent: false, localAddress: options.localAddress },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A runtime with a woven service and a running admin server; `close()` tears all down. */
export interface AdminFixture {
  readonly runtime: Runtime;
  readonly admin: AdminServer;
  readonly payments: Payments;
  readonly dir: string;
  close(): Promise<void>;
}

export async function startFixture(
  options: (runtime: Runtime, dir: string) => AdminServerOptions = () => ({}),
  runtimeOptions: RuntimeOptions = {},
): Promise<AdminFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'ballast-admin-'));
  const runtime = createRuntime(runtimeOptions);
  flagsOf(runtime).load({
    flags: { 'new-search': { enabled: true, description: 'The new search engine' } },
  });
  const payments = weave(new Payments(), runtime);
  const admin = await startAdminServer(runtime, {
    port: 0,
    token: TOKEN,
    defaultMetrics: false,
    ...options(runtime, dir),
  });
  return {
    runtime,
    admin,
    payments,
    dir,
    async close() {
      await admin.close();
      runtime.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
