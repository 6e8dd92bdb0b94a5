import type { IncomingMessage, ServerResponse } from 'node:http';
import { AdminMethodNotAllowedError, AdminRateLimitedError } from '../adminErrors.js';
import type { AdminAuthenticator } from '../auth/AdminAuthenticator.js';
import { BodyReader } from './BodyReader.js';
import { readJsonBody } from './readJsonBody.js';
import type { RouteReply, RouteRequest } from './Route.js';
import type { Router, RouteMatch } from './Router.js';
import { SECURITY_HEADERS, sendJson } from './sendJson.js';
import { statusOfError } from './statusOfError.js';

const LOGIN_HINT = `<!doctype html><meta charset="utf-8"><title>ballast admin</title>
<p>This dashboard needs the admin token. Open it as <code>/?token=&lt;token&gt;</code>: the token is
exchanged once for a session cookie and removed from the address bar.</p>`;

function errorHeaders(error: unknown, status: number): Record<string, string> {
  const headers: Record<string, string> = {};
  if (AdminRateLimitedError.is(error)) {
    headers['retry-after'] = String((error as AdminRateLimitedError).retryAfterSeconds);
  }
  if (AdminMethodNotAllowedError.is(error)) {
    headers['allow'] = (error as AdminMethodNotAllowedError).allowed.join(', ');
  }
  if (status === 401) headers['www-authenticate'] = 'Bearer realm="ballast-admin"';
  if (status === 413) headers['connection'] = 'close';
  return headers;
}

function sendReply(req: IncomingMessage, res: ServerResponse, reply: RouteReply): void {
  if ('json' in reply) {
    sendJson(res, reply.status, reply.json, reply.headers);
    return;
  }
  const body = typeof reply.raw === 'string' ? Buffer.from(reply.raw) : reply.raw;
  res.writeHead(reply.status, {
    ...SECURITY_HEADERS,
    ...reply.headers,
    'content-type': reply.contentType,
    'content-length': body.length,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  error: unknown,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const { status, body } = statusOfError(error);
  const headers = errorHeaders(error, status);
  if (pathname === '/' && req.method === 'GET' && status === 401) {
    res.writeHead(401, {
      ...SECURITY_HEADERS,
      ...headers,
      'content-type': 'text/html; charset=utf-8',
    });
    res.end(LOGIN_HINT);
    return;
  }
  sendJson(res, status, body, headers);
}

/**
 * The admin server's request listener: token exchange for the dashboard, authentication (every
 * route but the public ones), routing, JSON bodies, and coded errors as `{ error: { code, message } }`.
 */
export function createRequestHandler(
  router: Router,
  auth: AdminAuthenticator,
  maxBodyBytes: number,
): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const method = req.method ?? 'GET';
    const exchange = url.searchParams.get('token');
    if (method === 'GET' && url.pathname === '/' && exchange !== null) {
      auth.check(req, exchange);
      const session = auth.sessions.open();
      res.writeHead(303, {
        ...SECURITY_HEADERS,
        location: '/',
        'set-cookie': auth.sessions.cookie(session),
      });
      res.end();
      return;
    }
    let match: RouteMatch | undefined;
    let routeError: unknown;
    try {
      match = router.match(method, url.pathname);
    } catch (error) {
      routeError = error;
    }
    if (match?.route.public !== true) auth.authenticate(req);
    if (match === undefined) throw routeError;
    let reader: Promise<BodyReader> | undefined;
    const request: RouteRequest = {
      req,
      params: match.params,
      query: url.searchParams,
      body: () => (reader ??= readJsonBody(req, maxBodyBytes).then((body) => new BodyReader(body))),
    };
    sendReply(req, res, await match.route.handle(request));
  };
  return (req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://admin.invalid');
    } catch {
      url = new URL('http://admin.invalid/');
    }
    handle(req, res, url).catch((error: unknown) => {
      try {
        sendError(req, res, url.pathname, error);
      } catch {
        res.destroy(); // the client went away mid-answer; nothing left to tell it
      }
    });
  };
}
