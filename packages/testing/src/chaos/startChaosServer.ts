import { OptionsReader } from '@ballast/core';
import { ChaosServer } from './ChaosServer.js';
import type { ChaosFaults } from './Fault.js';

/** Options of {@link startChaosServer}. */
export interface ChaosServerOptions {
  /** Faults to inject; none means every request gets `200 {"ok":true}`. @default {} */
  readonly faults?: ChaosFaults;
  /** @default 0 (any free port) */
  readonly port?: number;
  /** Loopback only: `127.0.0.1` or `::1`. @default '127.0.0.1' */
  readonly host?: '127.0.0.1' | '::1';
}

/**
 * Starts a loopback HTTP server that injects faults (5xx, 429 with Retry-After, hangs, slow or
 * truncated bodies, connection resets, invalid HTTP) per route or at seeded random rates, and
 * records every request it receives.
 *
 * @example
 * ```ts
 * const server = await startChaosServer({
 *   faults: { routes: { '/flaky': [{ kind: 'respond', status: 503 }] }, rates: [{ fault: { kind: 'hang' }, rate: 0.1 }] },
 * });
 * try { await client.get(`${server.url}/flaky`); } finally { await server.close(); }
 * expect(server.requests).toHaveLength(2);
 * ```
 */
export async function startChaosServer(options: ChaosServerOptions = {}): Promise<ChaosServer> {
  const read = new OptionsReader('startChaosServer', options, ['faults', 'port', 'host']);
  // Loopback only: a fault injector must never be reachable from another machine.
  const host = read.oneOf('host', '127.0.0.1', ['127.0.0.1', '::1']);
  const port = read.number('port', 0, { integer: true, min: 0, max: 65_535 });
  return new ChaosServer(options.faults ?? {}).listen(port, host);
}
