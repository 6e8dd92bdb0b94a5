import { safeLoggerStatistics } from '@ballast/safe-log';
import Type from 'typebox';
import { Defaulted } from '@ballast/schema';
import type { AdminContext } from '../AdminContext.js';
import type { AdminApp } from '../http/AdminApp.js';

/**
 * `/api/stats` (call rate, error rate and latency percentiles per woven method, breaker states
 * and their recent transitions, logger health) and `/api/alerts/recent` (newest first).
 */
export function statsRoutes(
  app: AdminApp,
  { runtime, statistics, breakers, breakerHistory, alerts }: AdminContext,
): void {
  app.get('/api/stats', () => ({
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
  }));
  const Limit = Type.Object({ limit: Defaulted(Type.Integer({ minimum: 1, maximum: 200 }), 50) });
  app.get('/api/alerts/recent', { schema: { querystring: Limit } }, (request) => {
    const list = alerts?.alerts ?? [];
    return {
      configured: alerts !== undefined,
      alerts: list.slice(-(request.query.limit ?? 50)).reverse(),
    };
  });
}
