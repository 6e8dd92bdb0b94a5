import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RouteNotFoundError } from '../errors.js';
import { PROBLEM_MEDIA_TYPE } from '../problem/Problem.js';
import { problemOf, type RouteSchemas } from '../problem/problemOf.js';

/** Options of {@link useProblemReplies}. */
export interface ProblemRepliesOptions {
  /** `Retry-After` for a rejection without its own `retryAfterMs`. */
  readonly retryAfterSeconds: number;
  /** Answer unknown routes too (`RouteNotFoundError`). @default true */
  readonly notFound?: boolean;
  /** Sees each error answered with a 500. @default request.log.error */
  readonly onServerError?: ((error: unknown, request: FastifyRequest) => void) | undefined;
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
    app.setNotFoundHandler((request) => {
      throw new RouteNotFoundError(request.method, request.url.split('?')[0]!);
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
