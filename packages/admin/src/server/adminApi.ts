import { typeboxValidatorCompiler, useProblemReplies, useStrictJsonBodies } from '@ballast/fastify';
import { parseConfig } from '@ballast/schema';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { type AdminApiOptions, AdminApiOptionsSchema } from './AdminOptions.js';
import { AdminAuthenticator } from './auth/AdminAuthenticator.js';
import { buildAdminContext } from './buildAdminContext.js';
import { breakerRoutes } from './routes/breakerRoutes.js';
import { cacheRoutes } from './routes/cacheRoutes.js';
import { dashboardRoutes } from './routes/dashboardRoutes.js';
import { flagRoutes } from './routes/flagRoutes.js';
import { healthRoutes } from './routes/healthRoutes.js';
import { metricsRoute } from './routes/metricsRoute.js';
import { runbookRoutes } from './routes/runbookRoutes.js';
import { statsRoutes } from './routes/statsRoutes.js';

/** Headers on every answer: no caching of operational data, no sniffing, no framing. */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

const plugin: FastifyPluginAsync<AdminApiOptions> = async (scope, given) => {
  const { prefix: _prefix, ...rest } = given as AdminApiOptions & { prefix?: string };
  const options = parseConfig(AdminApiOptionsSchema, rest, 'adminApi options');
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const context = buildAdminContext(options);
  const auth = new AdminAuthenticator(options.token, options.runtime.clock, options.auth);
  // Encapsulated: the host server's own parsers, validators and error replies stay its own.
  app.setValidatorCompiler(typeboxValidatorCompiler);
  useStrictJsonBodies(app);
  useProblemReplies(app, {
    retryAfterSeconds: Math.ceil(options.auth.windowMs / 1000),
    notFound: app.prefix !== '',
  });
  app.addHook('onRequest', async (request, reply) => {
    void reply.headers(SECURITY_HEADERS);
    if ((request.routeOptions.config as { public?: boolean }).public !== true)
      auth.authenticate(request, reply);
  });
  app.addHook('onClose', async () => context.stop());
  healthRoutes(app, context);
  metricsRoute(app, context);
  breakerRoutes(app, context);
  cacheRoutes(app, context);
  flagRoutes(app, context);
  runbookRoutes(app, context);
  statsRoutes(app, context);
  if (options.dashboard) dashboardRoutes(app, auth);
  context.statistics.start();
};

/**
 * The admin API and dashboard as a fastify plugin, to mount in your own server (it keeps its
 * own auth, validation and problem+json replies inside its scope): Prometheus `/metrics`,
 * liveness and readiness, breaker, cache and flag controls, runbooks, live statistics and the
 * dashboard page. Every route but `GET /health/live` needs `Authorization: Bearer <token>` (or
 * the dashboard's session cookie); wrong tokens are throttled per client, never the right
 * one. `startAdminServer` runs it standalone.
 *
 * @example
 * ```ts
 * const app = Fastify({ trustProxy: ['10.0.0.0/8'] });
 * await app.register(adminApi, { prefix: '/admin', runtime, token: process.env.BALLAST_ADMIN_TOKEN! });
 * ```
 */
export const adminApi = plugin;
