import { afterEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { flagsOf } from '@ballast/flags';
import { SqliteFlagSource } from '@ballast/flags/sqlite';
import { type AdminFixture, call, startFixture } from './adminFixtures.js';

describe('Admin API: flags in memory (no persistent source)', () => {
  let fixture: AdminFixture;

  afterEach(() => fixture.close());

  it('lists flags with their definitions and the snapshot version', async () => {
    fixture = await startFixture();
    const { status, body } = await call(fixture.admin, 'GET', '/api/flags');
    expect(status).toBe(200);
    expect(body.persistent).toBe(false);
    expect(body.flags).toEqual([
      expect.objectContaining({ key: 'new-search', enabled: true, version: null }),
    ]);
    expect(body.flags[0].definition.description).toBe('The new search engine');
  });

  it('switches a flag off and the woven method sees it at once, with the actor audited', async () => {
    fixture = await startFixture();
    const actions: string[] = [];
    fixture.runtime.events.on('admin.action', (e) =>
      actions.push(`${e.actor} ${e.action} ${e.target}`),
    );
    await expect(fixture.payments.search('q')).resolves.toBe('new search: q');
    const answer = await call(fixture.admin, 'PATCH', '/api/flags/new-search', {
      body: { enabled: false, actor: 'alice', comment: 'incident 12' },
    });
    expect(answer.body).toEqual({
      key: 'new-search',
      enabled: false,
      version: null,
      persistent: false,
    });
    await expect(fixture.payments.search('q')).resolves.toBe('old search');
    expect(actions).toEqual(['alice flag.disable new-search']);
    const history = await call(fixture.admin, 'GET', '/api/flags/history?key=new-search');
    expect(history.body.history[0]).toMatchObject({
      key: 'new-search',
      action: 'update',
      changedBy: 'alice',
      comment: 'incident 12',
      definition: { enabled: false },
      previous: { enabled: true },
    });
  });

  it('evaluates a flag for a given context', async () => {
    fixture = await startFixture();
    await call(fixture.admin, 'PUT', '/api/flags/beta', {
      body: { definition: { enabled: true, allow: ['alice'] }, actor: 'ops' },
    });
    const alice = await call(fixture.admin, 'POST', '/api/flags/beta/evaluate', {
      body: { context: { key: 'alice' } },
    });
    expect(alice.body).toMatchObject({ key: 'beta', value: true, variant: 'on' });
    const bob = await call(fixture.admin, 'POST', '/api/flags/beta/evaluate', {
      body: { context: { key: 'bob' } },
    });
    expect(bob.body).toMatchObject({ value: false, variant: 'off' });
    const missing = await call(fixture.admin, 'POST', '/api/flags/none/evaluate', { body: {} });
    expect(missing.body).toMatchObject({ reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
  });

  it('refuses an invalid definition with a 400 and keeps the flag as it was', async () => {
    fixture = await startFixture();
    const answer = await call(fixture.admin, 'PUT', '/api/flags/new-search', {
      body: { definition: { enabled: 'yes' } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('BALLAST_ERR_FLAG_DEFINITION');
    expect(flagsOf(fixture.runtime).isEnabled('new-search')).toBe(true);
    const noEnabled = await call(fixture.admin, 'PATCH', '/api/flags/new-search', {
      body: { enabled: 'no' },
    });
    expect(noEnabled.body.errors).toEqual([{ field: 'enabled', detail: 'must be a boolean' }]);
    const missing = await call(fixture.admin, 'PATCH', '/api/flags/ghost', {
      body: { enabled: true },
    });
    expect(missing.status).toBe(404);
  });

  it('deletes a flag it created', async () => {
    fixture = await startFixture();
    await call(fixture.admin, 'PUT', '/api/flags/temp', {
      body: { definition: { enabled: true } },
    });
    expect((await call(fixture.admin, 'DELETE', '/api/flags/temp')).status).toBe(200);
    expect(flagsOf(fixture.runtime).snapshot.has('temp')).toBe(false);
  });
});

describe('Admin API: flags persisted in a SqliteFlagSource', () => {
  let fixture: AdminFixture;
  let db: Database.Database;
  let source: SqliteFlagSource;

  afterEach(async () => {
    await fixture.close();
    db.close();
  });

  async function start(): Promise<void> {
    fixture = await startFixture((runtime, dir) => {
      db = new Database(join(dir, 'flags.db'));
      source = new SqliteFlagSource(flagsOf(runtime), db, { pollIntervalMs: 0 });
      source.put('checkout', { enabled: true, rules: [] }, { actor: 'setup' });
      return { flagSource: source };
    });
  }

  it('writes a switch to the table with the actor in the audit history', async () => {
    await start();
    const answer = await call(fixture.admin, 'PATCH', '/api/flags/checkout', {
      body: { enabled: false, actor: 'bob', comment: 'payments incident' },
    });
    expect(answer.body).toEqual({ key: 'checkout', enabled: false, version: 2, persistent: true });
    expect(source.get('checkout')?.definition.enabled).toBe(false);
    expect(flagsOf(fixture.runtime).isEnabled('checkout', undefined, true)).toBe(false);
    const history = await call(fixture.admin, 'GET', '/api/flags/history?key=checkout');
    expect(history.body.history[0]).toMatchObject({
      action: 'update',
      changedBy: 'bob',
      comment: 'payments incident',
      version: 2,
    });
  });

  it('stores a file-defined flag in the table when it is first switched', async () => {
    await start();
    const answer = await call(fixture.admin, 'PATCH', '/api/flags/new-search', {
      body: { enabled: false },
    });
    expect(answer.body.version).toBe(1);
    expect(source.history('new-search')[0]).toMatchObject({
      action: 'create',
      changedBy: 'admin-api',
    });
  });

  it('answers 409 when the expected version is stale', async () => {
    await start();
    const answer = await call(fixture.admin, 'PUT', '/api/flags/checkout', {
      body: { definition: { enabled: false }, expectedVersion: 7 },
    });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('BALLAST_ERR_FLAG_VERSION_CONFLICT');
  });

  it('lists stored versions and deletes through the source', async () => {
    await start();
    const list = await call(fixture.admin, 'GET', '/api/flags');
    expect(list.body.persistent).toBe(true);
    expect(list.body.flags.find((f: { key: string }) => f.key === 'checkout').version).toBe(1);
    const deleted = await call(fixture.admin, 'DELETE', '/api/flags/checkout', {
      body: { actor: 'carol' },
    });
    expect(deleted.body).toEqual({ key: 'checkout', deleted: true });
    expect(source.get('checkout')).toBeUndefined();
    expect(source.history('checkout')[0]).toMatchObject({ action: 'delete', changedBy: 'carol' });
  });
});
