import { HttpInvalidRequestError } from '../errors/httpErrors.js';
import type { HttpRequest } from '../client/HttpRequest.js';

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/** Request-wide settings that shape every prepared request. */
export interface RequestDefaults {
  readonly headers: Readonly<Record<string, string>> | undefined;
  /** Lower-case header name the idempotency key travels in. */
  readonly idempotencyKeyHeader: string;
}

/**
 * A request checked and split once, before any aspect runs: origin and path for undici, the
 * `host:port` key for breakers and errors, and whether a retry is safe.
 */
export class PreparedRequest {
  readonly origin: string;
  readonly path: string;
  /** `host:port`, the key of per-host breakers, bulkheads and rate limits. */
  readonly host: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly body: string | Uint8Array | undefined;
  readonly signal: AbortSignal | undefined;
  /** GET, HEAD, OPTIONS, PUT, DELETE, TRACE, or any method carrying an idempotency key. */
  readonly idempotent: boolean;

  constructor(request: HttpRequest, defaults: RequestDefaults) {
    const url = typeof request?.url === 'string' ? request.url : '';
    const method = (request?.method ?? 'GET').toUpperCase();
    // Splitting by hand avoids a URL parse per call; undici validates what it receives.
    const schemeEnd = url.indexOf('://');
    const pathStart = schemeEnd < 0 ? -1 : url.indexOf('/', schemeEnd + 3);
    this.origin = pathStart < 0 ? url : url.slice(0, pathStart);
    this.host = schemeEnd < 0 ? url : this.origin.slice(schemeEnd + 3);
    this.method = method;
    const scheme = url.slice(0, schemeEnd);
    if ((scheme !== 'http' && scheme !== 'https') || this.host.length === 0) {
      throw new HttpInvalidRequestError(
        `url must be an absolute http: or https: URL (got ${JSON.stringify(url)})`,
        {
          host: this.host,
          method,
        },
      );
    }
    this.path = pathStart < 0 ? '/' : url.slice(pathStart);
    const key = request.idempotencyKey;
    this.idempotent = key !== undefined || IDEMPOTENT_METHODS.has(method);
    this.signal = request.signal;
    if (request.json !== undefined && request.body !== undefined) {
      throw new HttpInvalidRequestError('give either body or json, not both', {
        host: this.host,
        method,
      });
    }
    this.body = request.json === undefined ? request.body : JSON.stringify(request.json);
    this.headers = mergeHeaders(request, defaults, key);
  }
}

function mergeHeaders(
  request: HttpRequest,
  defaults: RequestDefaults,
  key: string | undefined,
): Readonly<Record<string, string>> | undefined {
  if (key === undefined && request.json === undefined && defaults.headers === undefined)
    return request.headers;
  const headers: Record<string, string> = { ...defaults.headers };
  if (request.json !== undefined) headers['content-type'] = 'application/json';
  if (key !== undefined) headers[defaults.idempotencyKeyHeader] = key;
  // Lower-cased so a caller's `Content-Type` replaces ours instead of travelling beside it.
  for (const name in request.headers) headers[name.toLowerCase()] = request.headers[name]!;
  return headers;
}
