import type { RunbookDefinition } from '../../runbooks/RunbookDefinition.js';
import type { RunbookEngine } from '../../runbooks/RunbookEngine.js';
import { AdminNotFoundError } from '../adminErrors.js';
import type { AdminContext } from '../AdminContext.js';
import { actorOf } from '../http/actorOf.js';
import { json, type Route } from '../http/Route.js';

function limitOf(raw: string | null): number | undefined {
  if (raw === null) return undefined;
  const limit = Number(raw);
  return Number.isFinite(limit) ? limit : Number.NaN; // NaN is refused by the engine with a 400
}

/**
 * `/api/runbooks` and `/api/executions`: a thin layer over the runbook engine. Definitions are
 * checked by the engine at creation, so an unknown action or a bad parameter is a 400 naming
 * the step, the action and the field.
 */
export function runbookRoutes({ runbooks }: AdminContext): Route[] {
  const engine = (): RunbookEngine => {
    if (runbooks === undefined) {
      throw new AdminNotFoundError(
        'Runbooks are not configured: pass { runbooks: createRunbookEngine(…) } to startAdminServer.',
      );
    }
    return runbooks;
  };
  return [
    {
      method: 'GET',
      path: '/api/runbooks',
      handle: () => {
        const e = engine();
        return json(200, {
          runbooks: e.listRunbooks(),
          actions: e.actions(),
          conditions: e.conditions(),
        });
      },
    },
    {
      method: 'POST',
      path: '/api/runbooks',
      async handle({ body }) {
        const definition = (await body()).body as unknown as RunbookDefinition;
        return json(201, engine().createRunbook(definition));
      },
    },
    {
      method: 'GET',
      path: '/api/runbooks/:id',
      handle: ({ params }) => json(200, engine().getRunbook(params['id']!)),
    },
    {
      method: 'POST',
      path: '/api/runbooks/:id/executions',
      async handle({ req, params, body }) {
        const reader = (await body()).only(['actor', 'reason']);
        const actor = actorOf(req, reader);
        const reason = reader.string('reason', '');
        return json(202, engine().execute(params['id']!, { actor, reason }));
      },
    },
    {
      method: 'GET',
      path: '/api/runbooks/:id/executions',
      handle: ({ params, query }) => {
        const limit = limitOf(query.get('limit'));
        const e = engine();
        e.getRunbook(params['id']!);
        const options =
          limit === undefined ? { runbookId: params['id']! } : { runbookId: params['id']!, limit };
        return json(200, { executions: e.listExecutions(options) });
      },
    },
    {
      method: 'GET',
      path: '/api/executions',
      handle: ({ query }) => {
        const limit = limitOf(query.get('limit'));
        return json(200, {
          executions: engine().listExecutions(limit === undefined ? {} : { limit }),
        });
      },
    },
    {
      method: 'GET',
      path: '/api/executions/:id',
      handle: ({ params }) => json(200, engine().getExecution(params['id']!)),
    },
    ...(['confirm', 'cancel'] as const).map((operation): Route => ({
      method: 'POST',
      path: `/api/executions/:id/steps/:index/${operation}`,
      async handle({ req, params, body }) {
        const reader = (await body()).only(['actor']);
        const index = Number(params['index']);
        if (!Number.isSafeInteger(index) || index < 0)
          reader.fail('index', 'a step index (0, 1, …)', 'in the path must be');
        const e = engine();
        const record =
          operation === 'confirm'
            ? e.confirm(params['id']!, index, actorOf(req, reader))
            : e.cancel(params['id']!, index);
        return json(200, record);
      },
    })),
  ];
}
