import { flagsOf } from '@ballast/flags';
import { registerBallastMetrics } from '@ballast/metrics';
import { breakerRegistry, cacheRegistry } from '@ballast/resilience';
import type { Parsed } from '@ballast/schema';
import { Registry } from 'prom-client';
import type { AdminContext } from './AdminContext.js';
import type { AdminApiOptionsSchema } from './AdminOptions.js';
import { FlagAdmin } from './flags/FlagAdmin.js';
import { breakerReadiness } from './health/breakerReadiness.js';
import { evaluateReadiness } from './health/evaluateReadiness.js';
import { FlagSourceReadiness } from './health/FlagSourceReadiness.js';
import { logSinkReadiness } from './health/logSinkReadiness.js';
import { storeReadiness } from './health/storeReadiness.js';
import { BreakerHistory } from './stats/BreakerHistory.js';
import { ServiceStatistics } from './stats/ServiceStatistics.js';

/** @internal what the routes share, and how to stop its samplers. */
export function buildAdminContext(
  options: Parsed<typeof AdminApiOptionsSchema>,
): AdminContext & { stop(): void } {
  const { runtime } = options;
  const registry = options.registry ?? new Registry();
  const metrics = registerBallastMetrics(runtime, {
    registry,
    defaultMetrics: options.defaultMetrics,
  });
  const breakerHistory = new BreakerHistory(runtime, options.breakerHistorySize);
  const statistics =
    options.statistics ?? new ServiceStatistics(runtime, options.statsWindowSeconds);
  const flagReadiness = new FlagSourceReadiness(runtime);
  const checks = [
    breakerReadiness(runtime, options.readiness.criticalBreakers),
    storeReadiness(options.stores ?? {}),
    logSinkReadiness(runtime),
    flagReadiness,
    ...(options.readiness.checks ?? []),
  ];
  return {
    runtime,
    breakers: breakerRegistry(runtime),
    breakerHistory,
    caches: cacheRegistry(runtime),
    flags: new FlagAdmin(flagsOf(runtime), options.flagSource),
    runbooks: options.runbooks,
    statistics,
    alerts: options.alerts,
    registry,
    readiness: () => evaluateReadiness(runtime, checks, options.readiness.timeoutMs),
    stop() {
      statistics.close();
      breakerHistory.close();
      flagReadiness.close();
      // Our own registry goes with the server; a caller's registry keeps serving its metrics.
      if (options.registry === undefined) metrics.unregister();
    },
  };
}
