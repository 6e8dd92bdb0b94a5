import type { AdminContext } from '../AdminContext.js';
import type { Route } from '../http/Route.js';

/** `GET /metrics`: the registry in Prometheus text format, ballast metrics included. */
export function metricsRoute({ registry }: AdminContext): Route {
  return {
    method: 'GET',
    path: '/metrics',
    async handle() {
      return { status: 200, raw: await registry.metrics(), contentType: registry.contentType };
    },
  };
}
