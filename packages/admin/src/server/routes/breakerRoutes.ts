import Type from 'typebox';
import type { AdminContext } from '../AdminContext.js';
import { Actor, type AdminApp } from '../http/AdminApp.js';
import { actorOf } from '../http/actorOf.js';
import { publishAction } from '../http/publishAction.js';

type Operation = 'forceOpen' | 'close' | 'disable' | 'metricsOnly' | 'reset';

/** URL segment → registry operation. */
const OPERATIONS: Readonly<Record<string, Operation>> = {
  'force-open': 'forceOpen',
  close: 'close',
  disable: 'disable',
  'metrics-only': 'metricsOnly',
  reset: 'reset',
};

const Name = Type.Object({ name: Type.String({ minLength: 1 }) });
const Key = Type.Optional(Type.String({ minLength: 1, description: 'one key of a keyed breaker' }));

/**
 * `/api/breakers`: every breaker with state and counts, the transition history, and the
 * operator controls `POST /api/breakers/:name/{force-open,close,disable,metrics-only,reset}`
 * with an optional `{ "key": "…" }` for one key of a keyed breaker. With a fleet the control
 * reaches every instance; the answer's `fleetRevision` is 0 when it could only be applied here
 * (it is sent once the fleet's store is back).
 */
export function breakerRoutes(
  app: AdminApp,
  { breakers, breakerHistory, runtime, fleet }: AdminContext,
): void {
  app.get('/api/breakers', () => ({ breakers: breakers.statistics() }));
  app.get(
    '/api/breakers/history',
    { schema: { querystring: Type.Object({ since: Type.Optional(Type.Number()) }) } },
    (request) => ({
      now: runtime.clock.now(),
      transitions: breakerHistory.list(request.query.since ?? -Infinity),
    }),
  );
  app.get(
    '/api/breakers/:name',
    { schema: { params: Name, querystring: Type.Object({ key: Key }) } },
    (request) => {
      const { name } = request.params;
      const { key } = request.query;
      const statistics = breakers.statistics().find((s) => s.name === name);
      const state = breakers.state(name, key); // throws UnknownBreakerError (404)
      return { ...statistics, key: key ?? null, state, window: breakers.window(name, key) };
    },
  );
  for (const [segment, operation] of Object.entries(OPERATIONS)) {
    app.post(
      `/api/breakers/:name/${segment}`,
      {
        schema: {
          params: Name,
          body: Type.Object({ key: Key, actor: Actor }, { additionalProperties: false }),
        },
      },
      async (request) => {
        const { name } = request.params;
        const { key } = request.body;
        const actor = actorOf(request, request.body.actor);
        breakers.state(name); // an unknown name is a 404 here, as without a fleet
        const fleetRevision = fleet === undefined ? undefined : await fleet[operation](name, key);
        if (fleet === undefined) breakers[operation](name, key);
        publishAction(
          runtime,
          request,
          actor,
          `breaker.${segment}`,
          key === undefined ? name : `${name}:${key}`,
        );
        return {
          breaker: name,
          key: key ?? null,
          operation: segment,
          actor,
          state: breakers.state(name, key),
          at: runtime.clock.now(),
          ...(fleetRevision === undefined ? {} : { fleetRevision }),
        };
      },
    );
  }
}
