import type { FastifyRequest } from 'fastify';
import Type, { type Static } from 'typebox';
import type { AdminContext } from '../AdminContext.js';
import type { FlagChange } from '../flags/PersistentFlagSource.js';
import { Actor, type AdminApp } from '../http/AdminApp.js';
import { actorOf } from '../http/actorOf.js';
import { publishAction } from '../http/publishAction.js';

const Key = Type.Object({ key: Type.String({ minLength: 1 }) });
const ChangeFields = {
  actor: Actor,
  comment: Type.Optional(Type.String({ minLength: 1, maxLength: 1_000 })),
  expectedVersion: Type.Optional(
    Type.Integer({ minimum: 0, description: 'the version you read; 0: must not exist yet' }),
  ),
};
const Change = Type.Object(ChangeFields, { additionalProperties: false });

function changeOf(request: FastifyRequest, body: Static<typeof Change>): FlagChange {
  return {
    actor: actorOf(request, body.actor),
    ...(body.comment === undefined ? {} : { comment: body.comment }),
    ...(body.expectedVersion === undefined ? {} : { expectedVersion: body.expectedVersion }),
  };
}

/**
 * `/api/flags`: list, evaluate for a context, create or replace (`PUT`), switch on/off
 * (`PATCH { enabled }`: on every instance with a fleet), delete, and the audit history.
 * Changes carry an actor.
 */
export function flagRoutes(app: AdminApp, { flags, runtime }: AdminContext): void {
  app.get('/api/flags', () => flags.list());
  app.get(
    '/api/flags/history',
    { schema: { querystring: Type.Object({ key: Type.Optional(Type.String({ minLength: 1 })) }) } },
    async (request) => ({ history: await flags.history(request.query.key) }),
  );
  const EvaluateBody = Type.Object(
    {
      context: Type.Optional(
        Type.Object(
          {
            key: Type.Optional(Type.String()),
            attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
          },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  );
  app.post(
    '/api/flags/:key/evaluate',
    { schema: { params: Key, body: EvaluateBody } },
    (request) => {
      const { key } = request.params;
      const { key: user, attributes } = request.body.context ?? {};
      return { key, ...flags.evaluate(key, { key: user, attributes }) };
    },
  );
  const PutBody = Type.Object(
    {
      definition: Type.Record(Type.String(), Type.Unknown(), { description: 'a flag definition' }),
      ...ChangeFields,
    },
    { additionalProperties: false },
  );
  app.put('/api/flags/:key', { schema: { params: Key, body: PutBody } }, async (request) => {
    const { key } = request.params;
    const change = changeOf(request, request.body);
    const version = await flags.put(key, request.body.definition, change);
    publishAction(runtime, request, change.actor, 'flag.put', key);
    return { key, version, persistent: flags.persistent };
  });
  const PatchBody = Type.Object(
    { enabled: Type.Boolean(), ...ChangeFields },
    { additionalProperties: false },
  );
  app.patch('/api/flags/:key', { schema: { params: Key, body: PatchBody } }, async (request) => {
    const { key } = request.params;
    const { enabled } = request.body;
    const change = changeOf(request, request.body);
    const version = await flags.setEnabled(key, enabled, change);
    publishAction(runtime, request, change.actor, enabled ? 'flag.enable' : 'flag.disable', key);
    return {
      key,
      enabled,
      version,
      persistent: flags.persistent,
      ...(flags.fleet ? { fleet: true } : {}),
    };
  });
  app.delete('/api/flags/:key', { schema: { params: Key, body: Change } }, async (request) => {
    const { key } = request.params;
    const change = changeOf(request, request.body);
    await flags.remove(key, change);
    publishAction(runtime, request, change.actor, 'flag.delete', key);
    return { key, deleted: true };
  });
}
