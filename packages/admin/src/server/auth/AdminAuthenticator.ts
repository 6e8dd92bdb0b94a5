import type { Clock } from '@ballast/core';
import { bearerTokenOf, FailedAuthThrottle } from '@ballast/fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminForbiddenError, AdminUnauthorizedError } from '../adminErrors.js';
import { DashboardSessions, sessionIdOf } from './DashboardSessions.js';
import { TokenMatcher } from './TokenMatcher.js';

/** Failed-token throttling and session lifetime. */
export interface AdminAuthOptions {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly sessionTtlMs: number;
}

/**
 * Decides whether a request may use the admin API: a valid dashboard session cookie, or
 * `Authorization: Bearer <token>` compared in constant time. Wrong tokens are throttled per
 * client (`request.ip`, so `trustProxy` decides what a client is); the right token always
 * passes.
 */
export class AdminAuthenticator {
  readonly #matcher: TokenMatcher;
  readonly #throttle: FailedAuthThrottle;
  readonly sessions: DashboardSessions;

  constructor(token: string, clock: Clock, options: AdminAuthOptions) {
    this.#matcher = new TokenMatcher(token);
    this.#throttle = new FailedAuthThrottle(clock, options);
    this.sessions = new DashboardSessions(clock, options.sessionTtlMs);
  }

  /** @throws AdminUnauthorizedError, AuthThrottledError, AdminForbiddenError */
  authenticate(request: FastifyRequest, reply: FastifyReply): void {
    const session = sessionIdOf(request.headers.cookie);
    if (session !== undefined && this.sessions.valid(session)) {
      checkSameOrigin(request);
      return;
    }
    if (request.headers.authorization === undefined) {
      challenge(reply);
      throw new AdminUnauthorizedError(
        session === undefined
          ? 'Missing token: send "Authorization: Bearer <token>".'
          : 'The dashboard session has expired: open the dashboard with ?token=<token> again.',
      );
    }
    this.check(request, reply, bearerTokenOf(request) ?? '');
  }

  /**
   * Checks `candidate` against the token for the request's client.
   * @throws AdminUnauthorizedError, AuthThrottledError
   */
  check(request: FastifyRequest, reply: FastifyReply, candidate: string): void {
    if (candidate.length > 0 && this.#matcher.matches(candidate)) {
      this.#throttle.succeed(request.ip);
      return;
    }
    this.#throttle.fail(request.ip);
    challenge(reply);
    throw new AdminUnauthorizedError('Wrong token.');
  }
}

function challenge(reply: FastifyReply): void {
  void reply.header('www-authenticate', 'Bearer realm="ballast-admin"');
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * A cookie rides along with requests from any page of the same site, and SameSite treats every
 * port of a host as one site: a page on `localhost:8080` could post to the admin port. Browsers
 * send `Origin` on every non-GET request, so a session may only change things from the
 * dashboard's own origin — its scheme as the client saw it (`X-Forwarded-Proto` behind a
 * trusted proxy), its host and port.
 */
function checkSameOrigin(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.origin;
  if (origin === undefined || origin !== `${request.protocol}://${request.host}`) {
    throw new AdminForbiddenError(
      `Refusing a ${request.method} from origin ${origin ?? '(none)'} with a dashboard session; use the dashboard page or a Bearer token.`,
    );
  }
}
