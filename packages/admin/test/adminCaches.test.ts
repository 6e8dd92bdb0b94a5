import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { weave } from '@ballast/core';
import { Cache } from '@ballast/resilience';
import type { AdminActionEvent } from '../src/index.js';
import { type AdminFixture, call, startFixture } from './adminFixtures.js';

/** A cached catalogue; `loads` counts the calls that reached the method. */
class Catalogue {
  loads = 0;

  @Cache({ name: 'products', tags: ([sku]: string[]) => [`sku:${sku}`] })
  async product(sku: string): Promise<string> {
    this.loads++;
    return `product ${sku}`;
  }
}

describe('Admin API: caches', () => {
  let fixture: AdminFixture;
  let catalogue: Catalogue;
  let actions: AdminActionEvent[];

  beforeEach(async () => {
    fixture = await startFixture();
    catalogue = weave(new Catalogue(), fixture.runtime);
    actions = [];
    fixture.runtime.events.on('admin.action', (event) => actions.push(event));
    for (const sku of ['p-1', 'p-2', 'p-1']) await catalogue.product(sku);
  });

  afterEach(() => fixture.close());

  it('lists every cache with its statistics', async () => {
    const { status, body } = await call(fixture.admin, 'GET', '/api/caches');
    expect(status).toBe(200);
    expect(body.caches).toEqual([
      expect.objectContaining({ name: 'products', hits: 1, misses: 2, entries: 2 }),
    ]);
  });

  it('invalidates one entry by key, and every entry of a tag', async () => {
    const byKey = await call(fixture.admin, 'POST', '/api/caches/products/invalidate', {
      body: { key: 'p-1', actor: 'alice' },
    });
    expect(byKey.body).toMatchObject({ cache: 'products', by: 'key', entries: 1, actor: 'alice' });
    const byTag = await call(fixture.admin, 'POST', '/api/caches/invalidate', {
      body: { tag: 'sku:p-2' },
    });
    expect(byTag.body).toMatchObject({ cache: null, by: 'tag', entries: 1 });
    await catalogue.product('p-1');
    await catalogue.product('p-2');
    expect(catalogue.loads).toBe(4);
    // The audit trail names the cache and how, never the key or the tag (they may be user data).
    expect(actions.map(({ actor, action, target }) => `${actor} ${action} ${target}`)).toEqual([
      'alice cache.invalidate-key products',
      'admin-api cache.invalidate-tag *',
    ]);
  });

  it('clears a cache', async () => {
    const cleared = await call(fixture.admin, 'POST', '/api/caches/products/clear');
    expect(cleared.body).toMatchObject({ cache: 'products', by: 'clear', entries: 2 });
  });

  it('answers 404 for an unknown cache and 400 for a body without exactly one of key and tag', async () => {
    const unknown = await call(fixture.admin, 'POST', '/api/caches/nope/invalidate', {
      body: { key: 'p-1' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'BALLAST_ERR_UNKNOWN_CACHE' });
    for (const body of [{}, { key: 'p-1', tag: 'sku:p-1' }, { key: '' }]) {
      const bad = await call(fixture.admin, 'POST', '/api/caches/products/invalidate', { body });
      expect({ body, status: bad.status }).toEqual({ body, status: 400 });
    }
    expect(catalogue.loads).toBe(2);
  });
});
