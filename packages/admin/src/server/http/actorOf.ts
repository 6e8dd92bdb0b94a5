import type { IncomingMessage } from 'node:http';
import type { BodyReader } from './BodyReader.js';

/** Actor recorded when a request names none. */
export const DEFAULT_ACTOR = 'admin-api';

/**
 * Who a change is made for, for audit trails: the body's `actor`, else the `X-Ballast-Actor`
 * header, else {@link DEFAULT_ACTOR}. One token is shared, so this is the caller's word, kept
 * for the record rather than for authorisation.
 */
export function actorOf(req: IncomingMessage, body: BodyReader): string {
  const header = req.headers['x-ballast-actor'];
  const fallback =
    typeof header === 'string' && header.length > 0 ? header.slice(0, 100) : DEFAULT_ACTOR;
  return body.string('actor', fallback);
}
