import type { FlagContext } from '@ballast/flags';
import type { AdminContext } from '../AdminContext.js';
import type { BodyReader } from '../http/BodyReader.js';
import { actorOf } from '../http/actorOf.js';
import { publishAction } from '../http/publishAction.js';
import { json, type Route } from '../http/Route.js';
import type { FlagChange } from '../flags/PersistentFlagSource.js';

function changeOf(req: Parameters<typeof actorOf>[0], reader: BodyReader): FlagChange {
  const actor = actorOf(req, reader);
  const comment = reader.string('comment', undefined);
  const expectedVersion = reader.integer('expectedVersion');
  return {
    actor,
    ...(comment === undefined ? {} : { comment }),
    ...(expectedVersion === undefined ? {} : { expectedVersion }),
  };
}

function contextOf(reader: BodyReader): FlagContext {
  const context = reader.object('context') ?? {};
  const { key, attributes } = context as { key?: unknown; attributes?: unknown };
  if (key !== undefined && typeof key !== 'string') reader.fail('context.key', 'a string');
  if (
    attributes !== undefined &&
    (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))
  ) {
    reader.fail('context.attributes', 'a JSON object');
  }
  return {
    key: key as string | undefined,
    attributes: attributes as Record<string, unknown> | undefined,
  };
}

/**
 * `/api/flags`: list, evaluate for a context, create or replace (`PUT`), switch on/off
 * (`PATCH { enabled }`), delete, and the audit history. Changes carry an actor.
 */
export function flagRoutes({ flags, runtime }: AdminContext): Route[] {
  const CHANGE_FIELDS = ['actor', 'comment', 'expectedVersion'];
  return [
    { method: 'GET', path: '/api/flags', handle: () => json(200, flags.list()) },
    {
      method: 'GET',
      path: '/api/flags/history',
      handle: ({ query }) => json(200, { history: flags.history(query.get('key') ?? undefined) }),
    },
    {
      method: 'POST',
      path: '/api/flags/:key/evaluate',
      async handle({ params, body }) {
        const reader = (await body()).only(['context']);
        return json(200, {
          key: params['key'],
          ...flags.evaluate(params['key']!, contextOf(reader)),
        });
      },
    },
    {
      method: 'PUT',
      path: '/api/flags/:key',
      async handle({ req, params, body }) {
        const reader = (await body()).only(['definition', ...CHANGE_FIELDS]);
        const definition =
          reader.object('definition') ?? reader.fail('definition', 'a flag definition object');
        const change = changeOf(req, reader);
        const version = flags.put(params['key']!, definition, change);
        publishAction(runtime, req, change.actor, 'flag.put', params['key']!);
        return json(200, { key: params['key'], version, persistent: flags.persistent });
      },
    },
    {
      method: 'PATCH',
      path: '/api/flags/:key',
      async handle({ req, params, body }) {
        const reader = (await body()).only(['enabled', ...CHANGE_FIELDS]);
        const enabled = reader.requireBoolean('enabled');
        const change = changeOf(req, reader);
        const version = flags.setEnabled(params['key']!, enabled, change);
        publishAction(
          runtime,
          req,
          change.actor,
          enabled ? 'flag.enable' : 'flag.disable',
          params['key']!,
        );
        return json(200, { key: params['key'], enabled, version, persistent: flags.persistent });
      },
    },
    {
      method: 'DELETE',
      path: '/api/flags/:key',
      async handle({ req, params, body }) {
        const reader = (await body()).only(CHANGE_FIELDS);
        const change = changeOf(req, reader);
        flags.remove(params['key']!, change);
        publishAction(runtime, req, change.actor, 'flag.delete', params['key']!);
        return json(200, { key: params['key'], deleted: true });
      },
    },
  ];
}
