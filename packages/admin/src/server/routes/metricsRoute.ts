import type { AdminContext } from '../AdminContext.js';
import type { AdminApp } from '../http/AdminApp.js';

/** `GET /metrics`: the registry in Prometheus text format, ballast metrics included. */
export function metricsRoute(app: AdminApp, { registry }: AdminContext): void {
  app.get('/metrics', async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
}
