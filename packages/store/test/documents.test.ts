import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  InvalidDocumentError,
  VersionConflictError,
  createUserStores,
  type UserStores,
} from '@ballast/store';
import { ManualClock } from '@ballast/testing';
import { tempDir } from './support/tempDir.js';

describe('UserStore documents', () => {
  let temp: ReturnType<typeof tempDir>;
  let stores: UserStores;
  const clock = new ManualClock(1_700_000_000_000);

  beforeEach(() => {
    temp = tempDir();
    stores = createUserStores({
      root: temp.dir,
      durability: 'normal',
      clock,
      idleTimeoutMs: 0,
      partitions: { events: 'month' },
      migrations: [
        {
          name: 'tags',
          up: (db) =>
            db.exec(
              "CREATE INDEX notes_tag ON docs (json_extract(body, '$.tag')) WHERE collection = 'notes'",
            ),
        },
      ],
    });
  });

  afterEach(() => {
    stores.close();
    temp.remove();
  });

  it('stores JSON documents with a version that rises on every write', () => {
    const alice = stores.user('alice');
    expect(alice.put('notes', 'n1', { title: 'Hi' })).toEqual({
      collection: 'notes',
      id: 'n1',
      version: 1,
      updatedAt: clock.now(),
    });
    alice.put('notes', 'n1', { title: 'Hello' });
    expect(alice.get('notes', 'n1')).toEqual({
      collection: 'notes',
      id: 'n1',
      version: 2,
      body: { title: 'Hello' },
      updatedAt: clock.now(),
    });
    expect(alice.get('notes', 'missing')).toBeUndefined();
  });

  it('refuses an optimistic update whose version moved, naming both versions', () => {
    const alice = stores.user('alice');
    alice.put('notes', 'n1', { title: 'A' });
    alice.put('notes', 'n1', { title: 'B' }, { expectedVersion: 1 });
    const conflict = (() => {
      try {
        alice.put('notes', 'n1', { title: 'C' }, { expectedVersion: 1 });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(conflict).toBeInstanceOf(VersionConflictError);
    expect(conflict).toMatchObject({
      code: 'BALLAST_ERR_STORE_VERSION_CONFLICT',
      expectedVersion: 1,
      actualVersion: 2,
    });
    expect(alice.get('notes', 'n1')?.body).toEqual({ title: 'B' });
    expect(() => alice.put('notes', 'n2', {}, { expectedVersion: 1 })).toThrow(
      VersionConflictError,
    );
    expect(alice.put('notes', 'n2', {}, { expectedVersion: 0 }).version).toBe(1);
  });

  it('deletes with a tombstone so a re-created document continues the version', () => {
    const alice = stores.user('alice');
    alice.put('notes', 'n1', { a: 1 });
    expect(alice.delete('notes', 'n1')).toMatchObject({ version: 2 });
    expect(alice.get('notes', 'n1')).toBeUndefined();
    expect(alice.list('notes')).toEqual([]);
    expect(alice.delete('notes', 'n1')).toBeUndefined();
    expect(alice.put('notes', 'n1', { a: 2 }, { expectedVersion: 0 }).version).toBe(3);
  });

  it('lists a collection in id order with keyset pages', () => {
    const alice = stores.user('alice');
    for (const id of ['c', 'a', 'b', 'd']) alice.put('notes', id, { id });
    alice.put('other', 'z', {});
    const first = alice.list('notes', { limit: 2 });
    expect(first.map((d) => d.id)).toEqual(['a', 'b']);
    expect(alice.list('notes', { after: 'b', limit: 2 }).map((d) => d.id)).toEqual(['c', 'd']);
  });

  it('queries by JSON path with null-safe equality and comparisons', () => {
    const alice = stores.user('alice');
    alice.put('notes', 'n1', { tag: 'work', stars: 3, done: true });
    alice.put('notes', 'n2', { tag: 'home', stars: 5, done: false });
    alice.put('notes', 'n3', { stars: 1 });
    expect(alice.query('notes', { path: '$.tag', value: 'work' }).map((d) => d.id)).toEqual(['n1']);
    expect(alice.query('notes', { path: '$.tag', value: null }).map((d) => d.id)).toEqual(['n3']);
    expect(alice.query('notes', { path: '$.stars', op: '>=', value: 3 }).map((d) => d.id)).toEqual([
      'n1',
      'n2',
    ]);
    expect(alice.query('notes', { path: '$.done', value: true }).map((d) => d.id)).toEqual(['n1']);
    expect(
      alice.query('notes', { path: '$.tag', op: 'like', value: 'h%' }).map((d) => d.id),
    ).toEqual(['n2']);
  });

  it('rejects bad paths, operators, keys and bodies with InvalidDocumentError', () => {
    const alice = stores.user('alice');
    expect(() => alice.query('notes', { path: "$.a') OR 1=1 --", value: 1 })).toThrow(
      InvalidDocumentError,
    );
    expect(() => alice.query('notes', { path: '$.a', op: 'glob' as never, value: 1 })).toThrow(
      InvalidDocumentError,
    );
    expect(() => alice.query('notes', { path: '$.a', value: {} as never })).toThrow(
      InvalidDocumentError,
    );
    expect(() => alice.put('', 'x', {})).toThrow(InvalidDocumentError);
    expect(() => alice.put('notes', 'x'.repeat(513), {})).toThrow(InvalidDocumentError);
    expect(() => alice.put('notes', 'x', undefined)).toThrow(InvalidDocumentError);
    expect(() => alice.put('notes', 'x', {}, { expectedVersion: -1 })).toThrow(
      InvalidDocumentError,
    );
    expect(() => alice.list('notes', { limit: 0 })).toThrow(InvalidDocumentError);
  });

  it('applies app migrations lazily on first open', () => {
    const alice = stores.user('alice');
    alice.put('notes', 'n1', { tag: 'x' });
    const indexes = alice.read((db) =>
      db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'notes_tag'")
        .all(),
    );
    expect(indexes).toEqual([{ name: 'notes_tag' }]);
    expect(alice.read((db) => db.pragma('user_version', { simple: true }))).toBe(2);
    expect(alice.read((db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
    expect(alice.read((db) => db.pragma('foreign_keys', { simple: true }))).toBe(1);
  });

  it('runs raw writes in an IMMEDIATE transaction that rolls back on error', () => {
    const alice = stores.user('alice');
    alice.write((db) =>
      db.exec('CREATE TABLE IF NOT EXISTS counters (k TEXT PRIMARY KEY, n INTEGER)'),
    );
    expect(() =>
      alice.write((_db, statement) => {
        statement('INSERT INTO counters VALUES (?, ?)').run('a', 1);
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(alice.read((db) => db.prepare('SELECT count(*) AS n FROM counters').get())).toEqual({
      n: 0,
    });
  });

  it('keeps users apart: one user never sees another user’s documents', () => {
    stores.user('alice').put('notes', 'n1', { owner: 'alice' });
    expect(stores.user('bob').get('notes', 'n1')).toBeUndefined();
  });

  it('spreads time-partitioned entries over one file per month and queries across a range', () => {
    const events = stores.user('alice').partition('events');
    events.append(Date.UTC(2026, 0, 31, 23), { type: 'login' }, 'e1');
    events.append(Date.UTC(2026, 1, 1), { type: 'logout' }, 'e2');
    events.append(Date.UTC(2026, 2, 15), { type: 'login' }, 'e3');
    events.append(Date.UTC(2026, 5, 1), { type: 'login' }, 'e4');
    const range = events.range({ from: Date.UTC(2026, 0, 15), to: Date.UTC(2026, 5, 1) });
    expect(range.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    const logins = events.range({
      from: new Date(Date.UTC(2026, 0, 1)),
      to: Date.UTC(2027, 0, 1),
      where: { path: '$.type', value: 'login' },
    });
    expect(logins.map((e) => e.id)).toEqual(['e1', 'e3', 'e4']);
    expect(
      events
        .range({ from: Date.UTC(2026, 0, 1), to: Date.UTC(2027, 0, 1), limit: 2 })
        .map((e) => e.id),
    ).toEqual(['e1', 'e2']);
    events.append(Date.UTC(2026, 0, 31, 23), { type: 'retry' }, 'e1');
    expect(events.range({ from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 1, 1) })).toEqual([
      { id: 'e1', at: Date.UTC(2026, 0, 31, 23), body: { type: 'retry' } },
    ]);
    expect(() => stores.user('alice').partition('nope')).toThrow(InvalidDocumentError);
  });

  it('refuses a body JSON.stringify throws on with InvalidDocumentError that echoes none of it', () => {
    const cycle: Record<string, unknown> = { secretKey: 'hunter2' };
    cycle['secretLoop'] = cycle;
    let tooDeep: unknown = {};
    for (let i = 0; i < 100_000; i++) tooDeep = { d: tooDeep };
    const bodies: unknown[] = [
      { amount: 10n },
      cycle,
      {
        toJSON: () => {
          throw new Error('secretKey hunter2');
        },
      },
      tooDeep,
    ];
    const alice = stores.user('alice');
    for (const body of bodies) {
      for (const write of [
        () => alice.put('notes', 'n1', body),
        () => alice.partition('events').append(Date.UTC(2026, 0, 1), body, 'e1'),
      ]) {
        let thrown: unknown;
        try {
          write();
        } catch (error) {
          thrown = error;
        }
        expect(InvalidDocumentError.is(thrown)).toBe(true);
        expect((thrown as Error).message).toContain('JSON');
        expect((thrown as Error).message).not.toMatch(/secret|hunter2|amount/);
      }
    }
    expect(alice.get('notes', 'n1')).toBeUndefined();
  });

  it('refuses a body nested deeper than SQLite reads JSON, which broke every query of its collection', () => {
    const nested = (depth: number): unknown => {
      let body: unknown = { tag: 'deep' };
      for (let i = 1; i < depth; i++) body = i % 2 === 0 ? { d: body } : [body];
      return body;
    };
    const alice = stores.user('alice');
    const events = alice.partition('events');
    alice.put('notes', 'ok', nested(1000));
    events.append(Date.UTC(2026, 0, 1), nested(1000), 'ok');
    expect(() => alice.put('notes', 'deep', nested(1001))).toThrow(InvalidDocumentError);
    expect(() => events.append(Date.UTC(2026, 0, 1), nested(1001), 'deep')).toThrow(
      InvalidDocumentError,
    );
    expect(() => alice.put('notes', 'deep', { text: '['.repeat(5000) })).not.toThrow();
    alice.put('notes', 'n1', { tag: 'work' });
    expect(alice.query('notes', { path: '$.tag', value: 'work' }).map((d) => d.id)).toEqual(['n1']);
    expect(
      events.range({ from: 0, to: Date.UTC(2027, 0, 1), where: { path: '$.tag', value: 'x' } }),
    ).toEqual([]);
  });

  it('refuses a collection or document id with a lone surrogate, which SQLite stored as another id', () => {
    const alice = stores.user('alice');
    for (const bad of ['x\uD800', 'x\uDC00y', '\uDFFF']) {
      expect(() => alice.put('notes', bad, { v: 1 })).toThrow(InvalidDocumentError);
      expect(() => alice.put(bad, 'n1', { v: 1 })).toThrow(InvalidDocumentError);
      expect(() => alice.get('notes', bad)).toThrow(InvalidDocumentError);
      expect(() => alice.delete('notes', bad)).toThrow(InvalidDocumentError);
      expect(() => alice.list(bad)).toThrow(InvalidDocumentError);
    }
    alice.put('notes', 'x\uD83D\uDE00', { v: 1 }); // a surrogate pair is a character like any other
    expect(alice.list('notes').map((d) => d.id)).toEqual(['x\uD83D\uDE00']);
  });

  it('checks a partition entry id like a document id instead of storing 5 as "5.0" or crashing on an object', () => {
    const events = stores.user('alice').partition('events');
    const at = Date.UTC(2026, 0, 1);
    for (const bad of [5, {}, null, '', 'x'.repeat(513), 'e\uD800']) {
      expect(() => events.append(at, { type: 'login' }, bad as string)).toThrow(
        InvalidDocumentError,
      );
    }
    events.append(at, { type: 'login' }, 'e1');
    expect(events.range({ from: at, to: at + 1 }).map((e) => e.id)).toEqual(['e1']);
  });

  it('answers call arguments of the wrong type with InvalidDocumentError, not a raw TypeError', () => {
    const alice = stores.user('alice');
    const events = alice.partition('events');
    const calls: (() => unknown)[] = [
      () => alice.list('notes', null as never),
      () => alice.list('notes', { limit: Symbol('x') as never }),
      () => alice.query('notes', null as never),
      () => alice.query('notes', { path: '$.a', value: 1, limit: Symbol('x') as never }),
      () => alice.put('notes', 'n1', {}, { expectedVersion: Symbol('x') as never }),
      () => alice.delete('notes', 'n1', { expectedVersion: Symbol('x') as never }),
      () => events.range(null as never),
      () => events.range({ from: 0, to: 1, limit: Symbol('x') as never }),
      () => events.range({ from: 0, to: Date.UTC(2027, 0, 1), where: null as never }),
    ];
    events.append(Date.UTC(2026, 0, 1), { type: 'login' }, 'e1');
    for (const call of calls) expect(call).toThrow(InvalidDocumentError);
  });
});
