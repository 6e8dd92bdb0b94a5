import type { Route } from '../http/Route.js';
import { loadDashboardAssets } from '../dashboardAssets.js';

/**
 * Only this origin's own files run on the page; no inline script, no framing, API calls to
 * the same origin only.
 */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** `GET /` (the page), `/dashboard.js`, `/dashboard.css`: behind the token like the API. */
export function dashboardRoutes(): Route[] {
  const assets = loadDashboardAssets();
  const serve = (path: string, name: string): Route => ({
    method: 'GET',
    path,
    handle: () => {
      const asset = assets.get(name)!;
      return {
        status: 200,
        raw: asset.body,
        contentType: asset.contentType,
        headers: { 'content-security-policy': CSP },
      };
    },
  });
  return [
    serve('/', 'index.html'),
    serve('/dashboard.js', 'dashboard.js'),
    serve('/dashboard.css', 'dashboard.css'),
  ];
}
