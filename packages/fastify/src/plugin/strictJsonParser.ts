import type { FastifyInstance } from 'fastify';
import { InvalidRequestError } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Accepts bodies only as `application/json` (any other type is fastify's 415) and only as
 * valid UTF-8: fastify's own reader would turn bad bytes into U+FFFD and store them.
 */
export function useStrictJsonBodies(app: FastifyInstance): void {
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
    parseJson(request, text, done);
  });
}
