import type { Clock } from '@ballast/core';
import { bearerTokenOf, FailedAuthThrottle } from '@ballast/fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AlertUnauthorizedError } from '../errors/alertBotErrors.js';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * The `onRequest` hook that asks for `Authorization: Bearer <token>` on every route but the
 * `open` ones (health, and the receiver, which checks signatures instead). Tokens are compared
 * in constant time over SHA-256 digests, so neither content nor length leaks through timing.
 * Wrong tokens are throttled per client like on every ballast server: past 5 within a minute
 * they get 429; the right token always passes.
 */
export function requireToken(
  token: string,
  clock: Clock,
  open: ReadonlySet<string>,
): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const expected = digest(token);
  const throttle = new FailedAuthThrottle(clock);
  return async (request, reply) => {
    if (open.has(request.routeOptions.url ?? '')) return;
    const given = bearerTokenOf(request);
    if (given !== undefined && timingSafeEqual(digest(given), expected)) {
      throttle.succeed(request.ip);
      return;
    }
    void reply.header('www-authenticate', 'Bearer realm="alert-bot"');
    throttle.fail(request.ip);
    throw new AlertUnauthorizedError();
  };
}
