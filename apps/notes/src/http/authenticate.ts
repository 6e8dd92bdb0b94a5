import type { Clock } from '@ballast/core';
import { bearerTokenOf, FailedAuthThrottle } from '@ballast/fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyRegistry } from '../auth/ApiKeyRegistry.js';
import { NotesUnauthorizedError } from '../errors/notesErrors.js';

/**
 * The `onRequest` hook that finds the user of a request from its API key
 * (`Authorization: Bearer <key>` or `X-Api-Key`). Wrong keys are throttled per client: past
 * `maxFailures` in `windowMs` they get 429; a right key always passes.
 */
export function authenticate(
  keys: ApiKeyRegistry,
  clock: Clock,
  limits: { readonly maxFailures: number; readonly windowMs: number },
): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const throttle = new FailedAuthThrottle(clock, limits);
  return async (request, reply) => {
    if (request.routeOptions.url === '/healthz') return;
    const apiKey = request.headers['x-api-key'];
    const key =
      request.headers.authorization !== undefined
        ? bearerTokenOf(request)
        : typeof apiKey === 'string'
          ? apiKey
          : undefined;
    const userId = key === undefined ? undefined : keys.authenticate(key);
    if (userId !== undefined) {
      throttle.succeed(request.ip);
      request.userId = userId;
      return;
    }
    void reply.header('www-authenticate', 'Bearer realm="notes"');
    throttle.fail(request.ip);
    throw new NotesUnauthorizedError();
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The notes user the API key belongs to, set by {@link authenticate}. */
    userId: string;
  }
}
