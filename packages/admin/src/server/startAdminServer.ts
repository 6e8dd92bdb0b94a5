import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { RuntimeDisposedError, type Runtime } from '@ballast/core';
import { createServer, limitsOf } from '@ballast/fastify';
import { parseConfig } from '@ballast/schema';
import { adminApi } from './adminApi.js';
import { AdminBindError } from './adminErrors.js';
import {
  type AdminApiOptions,
  type AdminServerOptions,
  AdminServerOptionsSchema,
} from './AdminOptions.js';
import type { AdminServer } from './AdminServer.js';
import { isLoopbackHost } from './isLoopbackHost.js';
import { ServiceStatistics } from './stats/ServiceStatistics.js';

/**
 * Starts the admin API and dashboard ({@link adminApi}) standalone for `runtime`, on a server
 * with `@ballast/fastify`'s limits. Binds to loopback unless told otherwise, and then only
 * with a token. Closed by `runtime.dispose()`.
 *
 * @example
 * ```ts
 * const admin = await startAdminServer(runtime, {
 *   port: 9465,
 *   token: process.env.BALLAST_ADMIN_TOKEN,
 *   flagSource: new SqliteFlagSource(flagsOf(runtime), new Database('flags.db')),
 *   runbooks: engine,
 *   alerts: memorySink,
 * });
 * console.log(`dashboard: ${admin.dashboardUrl}`);
 * ```
 * @throws AdminBindError for a non-loopback host without a token; ConfigError for bad options;
 *   the `listen` error (EADDRINUSE, EACCES) when the port cannot be bound.
 */
export async function startAdminServer(
  runtime: Runtime,
  options: AdminServerOptions = {} as AdminServerOptions,
): Promise<AdminServer> {
  const resolved = parseConfig(AdminServerOptionsSchema, options, 'startAdminServer options');
  const { port, host, token: given } = resolved;
  if (given === undefined && !isLoopbackHost(host)) throw new AdminBindError(host);
  if (runtime.disposed) throw new RuntimeDisposedError();
  const token = given ?? randomBytes(24).toString('base64url');
  // The options are the API's, the server's limits, and where to listen: split them by schema.
  const limits = limitsOf(resolved);
  const api = Object.fromEntries(
    Object.entries(resolved).filter(
      ([key]) => !(key in limits) && !['port', 'host', 'token'].includes(key),
    ),
  ) as Omit<AdminApiOptions, 'runtime' | 'token'>;
  const app = await createServer({ ...limits, ballast: { runtime } });
  const statistics = new ServiceStatistics(runtime, resolved.statsWindowSeconds);
  await app.register(adminApi, { ...api, runtime, token, statistics });
  try {
    await app.listen({ port, host });
  } catch (error) {
    await app.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= app.close());
  runtime.onDispose(() => void close());
  const address = app.server.address() as AddressInfo;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const url = `http://${hostPart}:${address.port}`;
  return {
    url,
    host,
    port: address.port,
    token,
    dashboardUrl: `${url}/?token=${encodeURIComponent(token)}`,
    statistics,
    server: app.server,
    close,
  };
}
