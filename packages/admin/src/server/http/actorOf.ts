import type { FastifyRequest } from 'fastify';

/** Actor recorded when a request names none. */
export const DEFAULT_ACTOR = 'admin-api';

/**
 * Who a change is made for, for audit trails: the body's `actor`, else the `X-Ballast-Actor`
 * header, else {@link DEFAULT_ACTOR}. One token is shared, so this is the caller's word, kept
 * for the record rather than for authorisation.
 */
export function actorOf(request: FastifyRequest, actor: string | undefined): string {
  if (actor !== undefined) return actor;
  const header = request.headers['x-ballast-actor'];
  return typeof header === 'string' && header.length > 0 ? header.slice(0, 100) : DEFAULT_ACTOR;
}
