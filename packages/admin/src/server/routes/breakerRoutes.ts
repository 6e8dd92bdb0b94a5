import type { AdminContext } from '../AdminContext.js';
import { actorOf } from '../http/actorOf.js';
import { publishAction } from '../http/publishAction.js';
import { json, type Route } from '../http/Route.js';

type Operation = 'forceOpen' | 'close' | 'disable' | 'metricsOnly' | 'reset';

/** URL segment → registry operation. */
const OPERATIONS: Readonly<Record<string, Operation>> = {
  'force-open': 'forceOpen',
  close: 'close',
  disable: 'disable',
  'metrics-only': 'metricsOnly',
  reset: 'reset',
};

/**
 * `/api/breakers`: every breaker with state and counts, the transition history, and the
 * operator controls `POST /api/breakers/:name/{force-open,close,disable,metrics-only,reset}`
 * with an optional `{ "key": "…" }` for one key of a keyed breaker.
 */
export function breakerRoutes(context: AdminContext): Route[] {
  const { breakers, breakerHistory, runtime } = context;
  const operationRoutes: Route[] = Object.entries(OPERATIONS).map(([segment, operation]) => ({
    method: 'POST',
    path: `/api/breakers/:name/${segment}`,
    async handle({ req, params, body }) {
      const reader = (await body()).only(['key', 'actor']);
      const key = reader.string('key', undefined);
      const actor = actorOf(req, reader);
      const name = params['name']!;
      breakers[operation](name, key);
      publishAction(
        runtime,
        req,
        actor,
        `breaker.${segment}`,
        key === undefined ? name : `${name}:${key}`,
      );
      return json(200, {
        breaker: name,
        key: key ?? null,
        operation: segment,
        actor,
        state: breakers.state(name, key),
        at: runtime.clock.now(),
      });
    },
  }));
  return [
    {
      method: 'GET',
      path: '/api/breakers',
      handle: () => json(200, { breakers: breakers.statistics() }),
    },
    {
      method: 'GET',
      path: '/api/breakers/history',
      handle: ({ query }) => {
        const since = Number(query.get('since') ?? '');
        return json(200, {
          now: runtime.clock.now(),
          transitions: breakerHistory.list(Number.isFinite(since) ? since : -Infinity),
        });
      },
    },
    {
      method: 'GET',
      path: '/api/breakers/:name',
      handle: ({ params, query }) => {
        const name = params['name']!;
        const key = query.get('key') ?? undefined;
        const statistics = breakers.statistics().find((s) => s.name === name);
        const state = breakers.state(name, key); // throws UnknownBreakerError (404)
        return json(200, { ...statistics, key: key ?? null, state });
      },
    },
    ...operationRoutes,
  ];
}
