import type { FastifyRequest } from 'fastify';
import { InvalidRequestError } from '../errors.js';

/** `Bearer`, any case, one or more spaces, one token68-like run (RFC 9110 §11.4, RFC 6750). */
const BEARER = /^Bearer +(\S+)$/i;

/**
 * The token of the request's `Authorization: Bearer <token>` header; undefined when there is
 * no such header or it holds another scheme or a malformed value. Every ballast server reads
 * credentials through this one function, so they agree on what a header means.
 *
 * @example
 * ```ts
 * app.addHook('onRequest', async (request) => {
 *   if (!keys.matches(bearerTokenOf(request) ?? '')) throw new MyUnauthorizedError();
 * });
 * ```
 * @throws InvalidRequestError when the request carries more than one `Authorization` header:
 *   Node keeps only the first, and a proxy that reads the last would have checked another one.
 */
export function bearerTokenOf(request: FastifyRequest): string | undefined {
  const { rawHeaders } = request.raw;
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === 'authorization') count++;
  }
  if (count > 1) throw new InvalidRequestError('Send one Authorization header, not several.');
  const header = request.headers.authorization;
  return header === undefined ? undefined : BEARER.exec(header)?.[1];
}
