import type { AdminContext } from '../AdminContext.js';
import type { AdminApp } from '../http/AdminApp.js';

/**
 * `GET /health/live` (no token: the process answers) and `GET /health/ready` (breakers, stores,
 * log sink, flag source and custom checks; 503 with the reasons when a check fails).
 */
export function healthRoutes(app: AdminApp, context: AdminContext): void {
  app.get('/health/live', { config: { public: true } }, () => ({ status: 'live' }));
  app.get('/health/ready', async (_request, reply) => {
    const report = await context.readiness();
    return reply.code(report.ready ? 200 : 503).send(report);
  });
}
