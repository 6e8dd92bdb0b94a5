import type { AdminContext } from '../AdminContext.js';
import { json, type Route } from '../http/Route.js';

/**
 * `GET /health/live` (no token: the process answers) and `GET /health/ready` (breakers, stores,
 * log sink, flag source and custom checks; 503 with the reasons when a check fails).
 */
export function healthRoutes(context: AdminContext): Route[] {
  return [
    {
      method: 'GET',
      path: '/health/live',
      public: true,
      handle: () => json(200, { status: 'live' }),
    },
    {
      method: 'GET',
      path: '/health/ready',
      async handle() {
        const report = await context.readiness();
        return json(report.ready ? 200 : 503, report);
      },
    },
  ];
}
