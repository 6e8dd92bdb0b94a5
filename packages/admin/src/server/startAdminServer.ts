import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RuntimeDisposedError, type Runtime } from '@ballast/core';
import { flagsOf } from '@ballast/flags';
import { registerBallastMetrics } from '@ballast/metrics';
import { breakerRegistry } from '@ballast/resilience';
import { Registry } from 'prom-client';
import type { AdminContext } from './AdminContext.js';
import type { AdminServer, AdminServerOptions } from './AdminServerOptions.js';
import { AdminAuthenticator } from './auth/AdminAuthenticator.js';
import { FlagAdmin } from './flags/FlagAdmin.js';
import { breakerReadiness } from './health/breakerReadiness.js';
import { evaluateReadiness } from './health/evaluateReadiness.js';
import { FlagSourceReadiness } from './health/FlagSourceReadiness.js';
import { logSinkReadiness } from './health/logSinkReadiness.js';
import type { ReadinessCheck } from './health/ReadinessCheck.js';
import { storeReadiness } from './health/storeReadiness.js';
import { createRequestHandler } from './http/createRequestHandler.js';
import { Router } from './http/Router.js';
import { readAdminOptions } from './readAdminOptions.js';
import { breakerRoutes } from './routes/breakerRoutes.js';
import { dashboardRoutes } from './routes/dashboardRoutes.js';
import { flagRoutes } from './routes/flagRoutes.js';
import { healthRoutes } from './routes/healthRoutes.js';
import { metricsRoute } from './routes/metricsRoute.js';
import { runbookRoutes } from './routes/runbookRoutes.js';
import { statsRoutes } from './routes/statsRoutes.js';
import { BreakerHistory } from './stats/BreakerHistory.js';
import { ServiceStatistics } from './stats/ServiceStatistics.js';

/**
 * Starts the admin HTTP API and dashboard for `runtime` on `node:http`: Prometheus `/metrics`,
 * liveness and readiness, breaker and flag controls, runbooks, live statistics and the
 * dashboard page. Binds to loopback unless told otherwise, and then only with a token; every
 * route but `GET /health/live` needs `Authorization: Bearer <token>` (or the dashboard's
 * session cookie). Closed by `runtime.dispose()`.
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
 * console.log(`dashboard: ${admin.url}/?token=…`);
 * ```
 * @throws AdminBindError for a non-loopback host without a token; ConfigError for bad options;
 *   the `listen` error (EADDRINUSE, EACCES) when the port cannot be bound.
 */
export async function startAdminServer(
  runtime: Runtime,
  options: AdminServerOptions = {},
): Promise<AdminServer> {
  const resolved = readAdminOptions(options);
  if (runtime.disposed) throw new RuntimeDisposedError();
  const registry = options.registry ?? new Registry();
  const metrics = registerBallastMetrics(runtime, {
    registry,
    defaultMetrics: options.defaultMetrics ?? true,
  });
  const breakerHistory = new BreakerHistory(runtime, resolved.breakerHistorySize);
  const statistics = new ServiceStatistics(runtime, resolved.statsWindowSeconds);
  const flagReadiness = new FlagSourceReadiness(runtime);
  const checks: ReadinessCheck[] = [
    breakerReadiness(runtime, options.readiness?.criticalBreakers ?? []),
    storeReadiness(options.stores ?? {}),
    logSinkReadiness(runtime),
    flagReadiness,
    ...(options.readiness?.checks ?? []),
  ];
  const context: AdminContext = {
    runtime,
    breakers: breakerRegistry(runtime),
    breakerHistory,
    flags: new FlagAdmin(flagsOf(runtime), options.flagSource),
    runbooks: options.runbooks,
    statistics,
    alerts: options.alerts,
    registry,
    readiness: () => evaluateReadiness(runtime, checks, resolved.readinessTimeoutMs),
  };
  const router = new Router([
    ...healthRoutes(context),
    metricsRoute(context),
    ...breakerRoutes(context),
    ...flagRoutes(context),
    ...runbookRoutes(context),
    ...statsRoutes(context),
    ...(options.dashboard === false ? [] : dashboardRoutes()),
  ]);
  const auth = new AdminAuthenticator(
    resolved.token,
    runtime.clock,
    { maxFailures: resolved.maxFailures, windowMs: resolved.failureWindowMs },
    resolved.sessionTtlMs,
  );
  const server = createServer(createRequestHandler(router, auth, resolved.maxBodyBytes));
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  const stopParts = (): void => {
    statistics.close();
    breakerHistory.close();
    flagReadiness.close();
    // Our own registry goes with the server; a caller's registry keeps serving its metrics.
    if (options.registry === undefined) metrics.unregister();
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    stopParts();
    throw error;
  });
  statistics.start();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= new Promise<void>((resolve) => {
      stopParts();
      server.close(() => resolve());
      server.closeAllConnections();
    }));
  runtime.onDispose(() => void close());

  const { port } = server.address() as AddressInfo;
  const hostPart = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const url = `http://${hostPart}:${port}`;
  return {
    url,
    host: resolved.host,
    port,
    token: resolved.token,
    dashboardUrl: `${url}/?token=${encodeURIComponent(resolved.token)}`,
    statistics,
    server,
    close,
  };
}
