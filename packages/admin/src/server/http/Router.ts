import { AdminMethodNotAllowedError, AdminNotFoundError } from '../adminErrors.js';
import type { Route } from './Route.js';

interface CompiledRoute {
  readonly route: Route;
  readonly segments: readonly string[];
}

/** The route for a request and its decoded parameters. */
export interface RouteMatch {
  readonly route: Route;
  readonly params: Readonly<Record<string, string>>;
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

/**
 * Matches a method and path against a fixed table of routes, built once. A path known under
 * other methods is a 405 with the allowed ones; an unknown path a 404.
 */
export class Router {
  readonly #routes: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.#routes = routes.map((route) => ({ route, segments: split(route.path) }));
  }

  /** @throws AdminNotFoundError, AdminMethodNotAllowedError */
  match(method: string, pathname: string): RouteMatch {
    const parts = split(pathname);
    const allowed: string[] = [];
    for (const { route, segments } of this.#routes) {
      const params = matchSegments(segments, parts);
      if (params === undefined) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
        return { route, params };
      }
      allowed.push(route.method);
    }
    if (allowed.length > 0) throw new AdminMethodNotAllowedError(allowed);
    throw new AdminNotFoundError(`No admin route at ${pathname}.`);
  }
}

function matchSegments(
  segments: readonly string[],
  parts: readonly string[],
): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const part = parts[i]!;
    if (segment.startsWith(':')) {
      try {
        params[segment.slice(1)] = decodeURIComponent(part);
      } catch {
        return undefined;
      }
    } else if (segment !== part) {
      return undefined;
    }
  }
  return params;
}
