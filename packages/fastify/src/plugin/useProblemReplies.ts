import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MethodNotAllowedError, RouteNotFoundError } from '../errors.js';
import { PROBLEM_MEDIA_TYPE } from '../problem/Problem.js';
import { problemOf, type RouteSchemas } from '../problem/problemOf.js';

/** Options of {@link useProblemReplies}. */
export interface ProblemRepliesOptions {
  /** `Retry-After` for a rejection without its own `retryAfterMs`. */
  readonly retryAfterSeconds: number;
  /**
   * Answer requests no route takes too: 405 with `Allow` for a path that has routes for other
   * methods (`OPTIONS` there: 204 with `Allow`), else 404. @default true
   */
  readonly notFound?: boolean;
  /** Sees each error answered with a 500. @default request.log.error */
  readonly onServerError?: ((error: unknown, request: FastifyRequest) => void) | undefined;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * The methods routed for `path` (fastify itself answers 404 for a known path with another
 * method), plus `OPTIONS`, which this handler answers; empty when no method is routed.
 */
function allowedMethods(app: FastifyInstance, path: string): string[] {
  const routed = METHODS.filter((method) => app.findRoute({ method, url: path }) !== null);
  return routed.length === 0 ? [] : [...routed, 'OPTIONS'];
}

/**
 * Makes `app`'s error and not-found replies problem+json (see {@link problemOf}). The ballast
 * plugin does this for the whole server; an encapsulated plugin (the admin API) does it for
 * its own routes when mounted in a server that may answer otherwise.
 */
export function useProblemReplies(app: FastifyInstance, options: ProblemRepliesOptions): void {
  const report =
    options.onServerError ??
    ((error: unknown, request: FastifyRequest) =>
      request.log.error({ err: error }, 'request failed'));
  // fastify allows one not-found handler per prefix: a plugin mounted at the root of a server
  // that has one (the ballast plugin's) leaves it to that one.
  if (options.notFound !== false) {
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0]!;
      const allow = allowedMethods(request.server, path);
      if (allow.length === 0) throw new RouteNotFoundError(request.method, path);
      void reply.header('allow', allow.join(', '));
      if (request.method === 'OPTIONS') return reply.code(204).send();
      throw new MethodNotAllowedError(request.method, path, allow);
    });
  }
  app.setErrorHandler((error, request, reply) => {
    const schemas = (request.routeOptions.schema ?? {}) as RouteSchemas;
    const { status, headers, problem } = problemOf(
      error,
      request.id,
      options.retryAfterSeconds,
      schemas,
    );
    if (status >= 500) report(error, request);
    void reply.code(status).headers(headers).type(PROBLEM_MEDIA_TYPE).send(problem);
  });
}
