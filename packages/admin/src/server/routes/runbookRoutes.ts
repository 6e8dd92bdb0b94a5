import Type from 'typebox';
import type { RunbookDefinition } from '../../runbooks/RunbookDefinition.js';
import type { RunbookEngine } from '../../runbooks/RunbookEngine.js';
import { AdminNotFoundError } from '../adminErrors.js';
import type { AdminContext } from '../AdminContext.js';
import { Actor, type AdminApp } from '../http/AdminApp.js';
import { actorOf } from '../http/actorOf.js';

const Id = Type.Object({ id: Type.String({ minLength: 1 }) });
const Limit = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) });

/**
 * `/api/runbooks` and `/api/executions`: a thin layer over the runbook engine. Definitions are
 * checked by the engine at creation, so an unknown action or a bad parameter is a 400 naming
 * the step, the action and the field.
 */
export function runbookRoutes(app: AdminApp, { runbooks }: AdminContext): void {
  const engine = (): RunbookEngine => {
    if (runbooks === undefined) {
      throw new AdminNotFoundError(
        'Runbooks are not configured: pass { runbooks: createRunbookEngine(…) } to the admin API.',
      );
    }
    return runbooks;
  };
  app.get('/api/runbooks', () => {
    const e = engine();
    return { runbooks: e.listRunbooks(), actions: e.actions(), conditions: e.conditions() };
  });
  app.post(
    '/api/runbooks',
    {
      schema: {
        body: Type.Record(Type.String(), Type.Unknown(), { description: 'a runbook definition' }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(engine().createRunbook(request.body as unknown as RunbookDefinition)),
  );
  app.get('/api/runbooks/:id', { schema: { params: Id } }, (request) =>
    engine().getRunbook(request.params.id),
  );
  app.post(
    '/api/runbooks/:id/executions',
    {
      schema: {
        params: Id,
        body: Type.Object(
          { actor: Actor, reason: Type.Optional(Type.String({ maxLength: 1_000 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const actor = actorOf(request, request.body.actor);
      return reply
        .code(202)
        .send(engine().execute(request.params.id, { actor, reason: request.body.reason ?? '' }));
    },
  );
  app.get(
    '/api/runbooks/:id/executions',
    { schema: { params: Id, querystring: Limit } },
    (request) => {
      const e = engine();
      const runbookId = request.params.id;
      e.getRunbook(runbookId);
      const { limit } = request.query;
      return {
        executions: e.listExecutions(limit === undefined ? { runbookId } : { runbookId, limit }),
      };
    },
  );
  app.get('/api/executions', { schema: { querystring: Limit } }, (request) => {
    const { limit } = request.query;
    return { executions: engine().listExecutions(limit === undefined ? {} : { limit }) };
  });
  app.get('/api/executions/:id', { schema: { params: Id } }, (request) =>
    engine().getExecution(request.params.id),
  );
  const Step = Type.Object({
    id: Type.String({ minLength: 1 }),
    index: Type.Integer({ minimum: 0 }),
  });
  const StepBody = Type.Object({ actor: Actor }, { additionalProperties: false });
  app.post(
    '/api/executions/:id/steps/:index/confirm',
    { schema: { params: Step, body: StepBody } },
    (request) =>
      engine().confirm(
        request.params.id,
        request.params.index,
        actorOf(request, request.body.actor),
      ),
  );
  app.post(
    '/api/executions/:id/steps/:index/cancel',
    { schema: { params: Step, body: StepBody } },
    (request) => engine().cancel(request.params.id, request.params.index),
  );
}
