import type { FastifyInstance } from 'fastify';
import { InvalidRequestError, UnsupportedMediaTypeError } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Options of {@link useStrictJsonBodies}. */
export interface StrictJsonOptions {
  /**
   * Parse the JSON; `false` hands the route the checked text itself (to verify a signature
   * over the exact bytes sent). @default true
   */
  readonly parse?: boolean;
}

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)/i;
const UTF8_NAMES = new Set(['utf-8', 'utf8']);

/**
 * The reason a JSON body is refused before it is read: another charset (bytes in latin1 that
 * happen to be valid UTF-8 would be stored as other characters), or a content coding (gzip
 * bytes are not JSON; RFC 9110 §8.4.1 answers an unsupported coding with 415).
 */
function unsupported(headers: Readonly<Record<string, unknown>>): string | undefined {
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && String(encoding).trim().toLowerCase() !== 'identity')
    return 'Send the body without a Content-Encoding (gzip, deflate and br are not accepted).';
  const charset = CHARSET.exec(String(headers['content-type']))?.[1];
  if (charset !== undefined && !UTF8_NAMES.has(charset.toLowerCase()))
    return 'Send the body as application/json in UTF-8 (charset=utf-8 or no charset).';
  return undefined;
}

/**
 * Accepts bodies only as `application/json` (any other type is fastify's 415), in UTF-8 and
 * without a content coding (415 otherwise), and only as valid UTF-8: fastify's own reader
 * would turn bad bytes into U+FFFD and store them.
 */
export function useStrictJsonBodies(app: FastifyInstance, options: StrictJsonOptions = {}): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const refused = unsupported(request.headers);
    if (refused !== undefined) {
      done(new UnsupportedMediaTypeError(refused), undefined);
      return;
    }
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
