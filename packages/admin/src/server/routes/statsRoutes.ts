import { safeLoggerStatistics } from '@ballast/safe-log';
import type { AdminContext } from '../AdminContext.js';
import { json, type Route } from '../http/Route.js';

const MAX_ALERTS = 200;

/**
 * `/api/stats` (call rate, error rate and latency percentiles per woven method, breaker states
 * and their recent transitions, logger health) and `/api/alerts/recent` (newest first).
 */
export function statsRoutes({
  runtime,
  statistics,
  breakers,
  breakerHistory,
  alerts,
}: AdminContext): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/stats',
      handle: () =>
        json(200, {
          now: runtime.clock.now(),
          services: statistics.rows(),
          breakers: breakers.statistics(),
          breakerTransitions: breakerHistory.list(),
          loggers: safeLoggerStatistics(runtime).map((s) => ({
            name: s.name,
            sink: s.sink,
            written: s.written,
            dropped: s.dropped,
            sinkErrors: s.sinkErrors,
            lastError: s.lastError ?? null,
          })),
        }),
    },
    {
      method: 'GET',
      path: '/api/alerts/recent',
      handle: ({ query }) => {
        const requested = Number(query.get('limit') ?? 50);
        const limit =
          Number.isSafeInteger(requested) && requested > 0 ? Math.min(requested, MAX_ALERTS) : 50;
        const list = alerts?.alerts ?? [];
        return json(200, {
          configured: alerts !== undefined,
          alerts: list.slice(-limit).reverse(),
        });
      },
    },
  ];
}
