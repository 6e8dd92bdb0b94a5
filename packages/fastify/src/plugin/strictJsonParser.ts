import type { FastifyInstance } from 'fastify';
import { InvalidRequestError } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Options of {@link useStrictJsonBodies}. */
export interface StrictJsonOptions {
  /**
   * Parse the JSON; `false` hands the route the checked text itself (to verify a signature
   * over the exact bytes sent). @default true
   */
  readonly parse?: boolean;
}

/**
 * Accepts bodies only as `application/json` (any other type is fastify's 415) and only as
 * valid UTF-8: fastify's own reader would turn bad bytes into U+FFFD and store them.
 */
export function useStrictJsonBodies(app: FastifyInstance, options: StrictJsonOptions = {}): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new InvalidRequestError('The body is not valid UTF-8.'), undefined);
      return;
    }
    if (options.parse === false) done(null, text);
    else parseJson(request, text, done);
  });
}
