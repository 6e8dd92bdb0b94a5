import type { IncomingMessage } from 'node:http';
import type { Clock } from '@ballast/core';
import {
  AdminForbiddenError,
  AdminRateLimitedError,
  AdminUnauthorizedError,
} from '../adminErrors.js';
import { DashboardSessions, sessionIdOf } from './DashboardSessions.js';
import { FailureLimiter, type FailureLimiterOptions } from './FailureLimiter.js';
import { TokenMatcher } from './TokenMatcher.js';

/**
 * Decides whether a request may use the admin API: a valid dashboard session cookie, or
 * `Authorization: Bearer <token>` compared in constant time. Failed token attempts are counted
 * per client address; past the limit the address gets 429 until the window passes.
 */
export class AdminAuthenticator {
  readonly #matcher: TokenMatcher;
  readonly #limiter: FailureLimiter;
  readonly sessions: DashboardSessions;

  constructor(token: string, clock: Clock, limits: FailureLimiterOptions, sessionTtlMs: number) {
    this.#matcher = new TokenMatcher(token);
    this.#limiter = new FailureLimiter(clock, limits);
    this.sessions = new DashboardSessions(clock, sessionTtlMs);
  }

  /** @throws AdminUnauthorizedError, AdminRateLimitedError, AdminForbiddenError */
  authenticate(req: IncomingMessage): void {
    const session = sessionIdOf(req.headers.cookie);
    if (session !== undefined && this.sessions.valid(session)) {
      checkSameOrigin(req);
      return;
    }
    const header = req.headers.authorization;
    if (header === undefined) {
      throw new AdminUnauthorizedError(
        session === undefined
          ? 'Missing token: send "Authorization: Bearer <token>".'
          : 'The dashboard session has expired: open the dashboard with ?token=<token> again.',
      );
    }
    const match = /^Bearer ([^\s]+)$/i.exec(header);
    this.check(req, match?.[1] ?? '');
  }

  /**
   * Checks `candidate` against the token for the client of `req`, counting a failure.
   * @throws AdminUnauthorizedError, AdminRateLimitedError
   */
  check(req: IncomingMessage, candidate: string): void {
    const client = req.socket.remoteAddress ?? 'unknown';
    const waitMs = this.#limiter.blockedFor(client);
    if (waitMs > 0) throw new AdminRateLimitedError(Math.ceil(waitMs / 1000));
    if (candidate.length > 0 && this.#matcher.matches(candidate)) {
      this.#limiter.succeed(client);
      return;
    }
    const blockedMs = this.#limiter.fail(client);
    if (blockedMs > 0) throw new AdminRateLimitedError(Math.ceil(blockedMs / 1000));
    throw new AdminUnauthorizedError('Wrong token.');
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * A cookie rides along with requests from any page of the same site, and SameSite treats every
 * port of a host as one site: a page on `localhost:8080` could post to the admin port. Browsers
 * send `Origin` on every non-GET request, so a session may only change things from the
 * dashboard's own origin.
 */
function checkSameOrigin(req: IncomingMessage): void {
  if (SAFE_METHODS.has(req.method ?? 'GET')) return;
  const origin = req.headers.origin;
  if (origin === undefined || origin !== `http://${req.headers.host ?? ''}`) {
    throw new AdminForbiddenError(
      `Refusing a ${req.method} from origin ${origin ?? '(none)'} with a dashboard session; use the dashboard page or a Bearer token.`,
    );
  }
}
