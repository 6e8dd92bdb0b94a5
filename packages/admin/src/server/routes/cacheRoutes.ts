import Type from 'typebox';
import type { AdminContext } from '../AdminContext.js';
import { Actor, type AdminApp } from '../http/AdminApp.js';
import { actorOf } from '../http/actorOf.js';
import { publishAction } from '../http/publishAction.js';

const Name = Type.Object({ name: Type.String({ minLength: 1 }) });
const ByTag = Type.Object(
  { tag: Type.String({ minLength: 1, description: 'every entry with this tag' }), actor: Actor },
  { additionalProperties: false },
);
/** One entry by its cache key, or every entry with a tag. */
const Invalidation = Type.Union([
  Type.Object(
    {
      key: Type.String({ minLength: 1, description: 'one entry, by its cache key' }),
      actor: Actor,
    },
    { additionalProperties: false },
  ),
  ByTag,
]);

/**
 * `/api/caches`: every cache's statistics, and invalidation by key or tag
 * (`POST /api/caches/:name/invalidate` with `{ "key": "…" }` or `{ "tag": "…" }`,
 * `POST /api/caches/invalidate` with `{ "tag": "…" }` for every cache) and
 * `POST /api/caches/:name/clear`. Keys and tags may carry user data: the `admin.action` event
 * names the cache and how, never the key or the tag.
 */
export function cacheRoutes(app: AdminApp, { caches, runtime }: AdminContext): void {
  app.get('/api/caches', () => ({ caches: [...caches.statistics().values()] }));
  app.post(
    '/api/caches/:name/invalidate',
    { schema: { params: Name, body: Invalidation } },
    async (request) => {
      const { name } = request.params;
      const body = request.body;
      // UnknownCacheError (404) for a name no cache has.
      const entries =
        'key' in body
          ? await caches.invalidateKey(name, body.key)
          : await caches.invalidateTag(body.tag, name);
      const by = 'key' in body ? 'key' : 'tag';
      const actor = actorOf(request, request.body.actor);
      publishAction(runtime, request, actor, `cache.invalidate-${by}`, name);
      return { cache: name, by, entries, actor, at: runtime.clock.now() };
    },
  );
  app.post('/api/caches/invalidate', { schema: { body: ByTag } }, async (request) => {
    const entries = await caches.invalidateTag(request.body.tag);
    const actor = actorOf(request, request.body.actor);
    publishAction(runtime, request, actor, 'cache.invalidate-tag', '*');
    return { cache: null, by: 'tag', entries, actor, at: runtime.clock.now() };
  });
  app.post(
    '/api/caches/:name/clear',
    {
      schema: {
        params: Name,
        body: Type.Optional(Type.Object({ actor: Actor }, { additionalProperties: false })),
      },
    },
    async (request) => {
      const { name } = request.params;
      const entries = await caches.clear(name);
      const actor = actorOf(request, request.body?.actor);
      publishAction(runtime, request, actor, 'cache.clear', name);
      return { cache: name, by: 'clear', entries, actor, at: runtime.clock.now() };
    },
  );
}
