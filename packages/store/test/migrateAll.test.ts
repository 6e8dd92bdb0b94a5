import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  MigrationError,
  createUserStores,
  type Migration,
  type StoreMigrateProgressEvent,
} from '@ballast/store';
import { tempDir } from './support/tempDir.js';

const USERS = Array.from({ length: 20 }, (_, i) => `user${String(i).padStart(2, '0')}`);
const addIndex: Migration = {
  name: 'notes-by-tag',
  up: (db) =>
    db.exec(
      "CREATE INDEX notes_tag ON docs (json_extract(body, '$.tag')) WHERE collection = 'notes'",
    ),
};

describe('migrateAll', () => {
  let temp: ReturnType<typeof tempDir>;

  beforeEach(() => {
    temp = tempDir();
    const stores = createUserStores({ root: temp.dir, durability: 'normal', idleTimeoutMs: 0 });
    for (const userId of USERS) stores.user(userId).put('notes', 'n1', { tag: userId });
    stores.close();
  });

  afterEach(() => temp.remove());

  it('migrates every user with progress events and resumes after an interruption', async () => {
    const stores = createUserStores({
      root: temp.dir,
      durability: 'normal',
      idleTimeoutMs: 0,
      migrations: [addIndex],
    });
    try {
      const progress: StoreMigrateProgressEvent[] = [];
      stores.events.on('store.migrate.progress', (event) => progress.push(event));
      const controller = new AbortController();
      const first = await stores.migrateAll({
        signal: controller.signal,
        onProgress: (done) => done === 5 && controller.abort(),
      });
      expect(first).toMatchObject({
        total: 20,
        migrated: 5,
        current: 0,
        failed: [],
        aborted: true,
      });
      expect(progress.map((e) => e.done)).toEqual([1, 2, 3, 4, 5]);
      expect(progress[0]).toMatchObject({
        userId: 'user00',
        total: 20,
        applied: 1,
        error: undefined,
      });

      const second = await stores.migrateAll();
      expect(second).toMatchObject({
        total: 20,
        migrated: 15,
        current: 5,
        failed: [],
        aborted: false,
      });
      expect(stores.statistics.openHandles).toBe(0); // bulk work does not fill the pool
      const version = stores
        .user('user19')
        .read((db) => db.pragma('user_version', { simple: true }));
      expect(version).toBe(2);
    } finally {
      stores.close();
    }
  });

  it('reports a failing user and migrates the others', async () => {
    const picky: Migration = {
      name: 'picky',
      up: (db) => {
        if (db.name.includes('user07')) throw new Error('bad data');
        addIndex.up(db);
      },
    };
    const stores = createUserStores({
      root: temp.dir,
      durability: 'normal',
      idleTimeoutMs: 0,
      migrations: [picky],
    });
    try {
      const result = await stores.migrateAll();
      expect(result).toMatchObject({ total: 20, migrated: 19, aborted: false });
      expect(result.failed.map((f) => f.userId)).toEqual(['user07']);
      expect(MigrationError.is(result.failed[0]!.error)).toBe(true);
      expect(() => stores.user('user07').get('notes', 'n1')).toThrow(MigrationError);
      expect(stores.user('user08').get('notes', 'n1')?.version).toBe(1);
    } finally {
      stores.close();
    }
  });
});
