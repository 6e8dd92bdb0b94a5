import { randomBytes } from 'node:crypto';
import type { Clock } from '@ballast/core';

/** Name of the HttpOnly cookie carrying a dashboard session. */
export const SESSION_COOKIE = 'ballast_admin_session';

/**
 * Dashboard sessions: the browser exchanges the admin token once (`/?token=…`) for a random
 * session id in an HttpOnly, SameSite=Strict cookie, so page scripts never hold the token and
 * other sites cannot ride on the session. Bounded in number and lifetime.
 */
export class DashboardSessions {
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #max: number;
  /** Session id → expiry (clock ms). */
  readonly #sessions = new Map<string, number>();

  constructor(clock: Clock, ttlMs: number, max = 64) {
    this.#clock = clock;
    this.#ttlMs = ttlMs;
    this.#max = max;
  }

  /** Opens a session; the oldest is dropped past the limit. */
  open(): string {
    const id = randomBytes(32).toString('base64url');
    while (this.#sessions.size >= this.#max) {
      this.#sessions.delete(this.#sessions.keys().next().value as string);
    }
    this.#sessions.set(id, this.#clock.now() + this.#ttlMs);
    return id;
  }

  /** True when `id` is a live session. */
  valid(id: string): boolean {
    const expiry = this.#sessions.get(id);
    if (expiry === undefined) return false;
    if (expiry > this.#clock.now()) return true;
    this.#sessions.delete(id);
    return false;
  }

  /** The `Set-Cookie` value for session `id`. */
  cookie(id: string): string {
    const maxAge = Math.floor(this.#ttlMs / 1000);
    return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}`;
  }
}

/** The session id in a `Cookie` header, if any. */
export function sessionIdOf(cookieHeader: string | undefined): string | undefined {
  if (cookieHeader === undefined) return undefined;
  for (const part of cookieHeader.split(';')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === SESSION_COOKIE && value !== undefined && value.length > 0) return value;
  }
  return undefined;
}
