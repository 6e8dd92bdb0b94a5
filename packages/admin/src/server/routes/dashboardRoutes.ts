import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import { AdminUnauthorizedError } from '../adminErrors.js';
import type { AdminAuthenticator } from '../auth/AdminAuthenticator.js';
import { sessionIdOf } from '../auth/DashboardSessions.js';
import { loadDashboardAssets } from '../dashboardAssets.js';
import type { AdminApp } from '../http/AdminApp.js';

/**
 * Only this origin's own files run on the page; no inline script, no framing, API calls to
 * the same origin only.
 */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const LOGIN_HINT = `<!doctype html><meta charset="utf-8"><title>ballast admin</title>
<p>This dashboard needs the admin token. Open it as <code>?token=&lt;token&gt;</code>: the token is
exchanged once for a session cookie and removed from the address bar.</p>`;

/** The 401 page: plain text for a person, under the same CSP as the dashboard. */
function hint(reply: FastifyReply): FastifyReply {
  return reply
    .code(401)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', CSP)
    .send(LOGIN_HINT);
}

/**
 * `GET /` (the page), `/dashboard.js`, `/dashboard.css`, behind the token like the API. The
 * page exchanges `?token=` once for a session cookie and redirects to itself without it;
 * without a session it answers 401 with a hint (HTML: a person is reading).
 */
export function dashboardRoutes(app: AdminApp, auth: AdminAuthenticator): void {
  const assets = loadDashboardAssets();
  const page = assets.get('index.html')!;
  app.get(
    '/',
    {
      config: { public: true },
      schema: { querystring: Type.Object({ token: Type.Optional(Type.String()) }) },
    },
    async (request, reply) => {
      const { token } = request.query;
      if (token !== undefined) {
        try {
          auth.check(request, reply, token);
        } catch (error) {
          if (!AdminUnauthorizedError.is(error)) throw error;
          return hint(reply);
        }
        const session = auth.sessions.open();
        return reply
          .code(303)
          .header('location', request.url.split('?')[0]!)
          .header('set-cookie', auth.sessions.cookie(session))
          .send();
      }
      const session = sessionIdOf(request.headers.cookie);
      if (session === undefined || !auth.sessions.valid(session)) {
        return hint(reply);
      }
      return reply.type(page.contentType).header('content-security-policy', CSP).send(page.body);
    },
  );
  for (const name of ['dashboard.js', 'dashboard.css']) {
    const asset = assets.get(name)!;
    app.get(`/${name}`, (_request, reply) =>
      reply.type(asset.contentType).header('content-security-policy', CSP).send(asset.body),
    );
  }
}
