import { copyFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  StoreFileReplacedError,
  StoreQuarantinedError,
  StoreReadOnlyError,
  createUserStores,
  type UserStores,
} from '@ballast/store';
import { ManualClock } from '@ballast/testing';
import { tempDir } from './support/tempDir.js';
import { docIds, thrown, userFile } from './support/userFiles.js';

describe('a database file or WAL replaced under an open connection', () => {
  let temp: ReturnType<typeof tempDir>;
  let stores: UserStores;
  const clock = new ManualClock(1_700_000_000_000);
  const events: string[] = [];
  const acknowledged: string[] = [];

  function writeTen(): void {
    const alice = stores.user('alice');
    for (let i = 0; i < 10; i++) {
      const id = `n${String(acknowledged.length).padStart(3, '0')}`;
      alice.put('notes', id, { i });
      acknowledged.push(id);
    }
  }

  beforeEach(() => {
    temp = tempDir();
    acknowledged.length = 0;
    events.length = 0;
    stores = createUserStores({ root: temp.dir, durability: 'full', idleTimeoutMs: 0, clock });
    stores.events.on('store.readOnly', (e) => events.push(`readOnly ${e.reason}`));
    stores.events.on('store.recovered', () => events.push('recovered'));
    stores.events.on('store.quarantined', (e) => events.push(`quarantined ${e.reason}`));
  });

  afterEach(() => {
    stores.close();
    temp.remove();
  });

  it('refuses to acknowledge a write into a deleted WAL, saves every earlier write into the database file, and goes read-only', () => {
    writeTen();
    const file = userFile(stores, 'alice');
    rmSync(`${file}-wal`); // an operator or a clean-up job deleting the WAL of a live database

    const error = thrown(() => stores.user('alice').put('notes', 'unacknowledged', {}));
    expect(error).toBeInstanceOf(StoreFileReplacedError);
    expect(error).toMatchObject({
      code: 'BALLAST_ERR_STORE_FILE_REPLACED',
      file: 'wal',
      state: 'readOnly',
      savedTo: file,
    });
    expect(events).toEqual(['readOnly FILE_REPLACED']);
    expect(stores.statistics).toMatchObject({ filesReplaced: 1, readOnlyUsers: 1 });
    expect(() => stores.user('alice').put('notes', 'later', {})).toThrow(StoreReadOnlyError);

    // What a crash would leave: the database file alone holds every acknowledged write.
    const copy = path.join(temp.dir, 'after-crash.db');
    copyFileSync(file, copy);
    expect(docIds(copy)).toEqual(expect.arrayContaining(acknowledged));

    expect(stores.user('alice').get('notes', 'n009')?.body).toEqual({ i: 9 }); // reads work
    clock.advance(5_000); // the probe write reopens the files and succeeds
    expect(stores.user('alice').put('notes', 'after', {}).version).toBe(1);
    expect(events).toEqual(['readOnly FILE_REPLACED', 'recovered']);
  });

  it('quarantines a user whose database file was replaced, with a rescue copy of every acknowledged write', async () => {
    writeTen();
    const file = userFile(stores, 'alice');
    const stale = path.join(temp.dir, 'stale.db');
    copyFileSync(file, stale); // the main file alone: the last commits are still in the WAL
    renameSync(stale, file);

    const error = thrown(() => stores.user('alice').put('notes', 'unacknowledged', {}));
    expect(error).toMatchObject({ file: 'database', state: 'quarantined' });
    const rescued = (error as StoreFileReplacedError).savedTo!;
    expect(path.dirname(rescued)).toBe(path.join(stores.root, '.quarantine'));
    expect(docIds(rescued)).toEqual(expect.arrayContaining(acknowledged));
    expect(events).toEqual(['quarantined FILE_REPLACED']);
    expect(stores.statistics).toMatchObject({ filesReplaced: 1, quarantinedUsers: 1 });
    expect(() => stores.user('alice').get('notes', 'n000')).toThrow(StoreQuarantinedError);

    await stores.restore('alice', rescued);
    expect(
      stores
        .user('alice')
        .list('notes', { limit: 100 })
        .map((d) => d.id),
    ).toEqual(expect.arrayContaining(acknowledged));
  });

  it('checks partitions the same way', () => {
    stores.close();
    stores = createUserStores({
      root: temp.dir,
      idleTimeoutMs: 0,
      clock,
      partitions: { events: 'month' },
    });
    const log = stores.user('alice').partition('events');
    log.append(clock.now(), { n: 1 });
    const month = new Date(clock.now()).toISOString().slice(0, 7);
    rmSync(path.join(path.dirname(userFile(stores, 'alice')), `events.${month}.db-wal`));
    expect(thrown(() => log.append(clock.now(), { n: 2 }))).toMatchObject({
      code: 'BALLAST_ERR_STORE_FILE_REPLACED',
      file: 'wal',
    });
  });
});
