import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { TaskInbox, createUserStores, openAggregateStore, openLeaseManager } from '@ballast/store';
import { tempDir } from './support/tempDir.js';

/** `path → mode` (octal) of every entry under `dir`, itself excluded. */
function modes(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    found[full] = (lstatSync(full).mode & 0o777).toString(8);
    if (entry.isDirectory()) Object.assign(found, modes(full));
  }
  return found;
}

describe.each([
  ['022', 0o022],
  ['000', 0o000],
])('files the store creates, under umask %s', (_label, umask) => {
  let temp: ReturnType<typeof tempDir>;
  let previous: number;

  beforeEach(() => {
    temp = tempDir();
    previous = process.umask(umask);
  });

  afterEach(() => {
    process.umask(previous);
    temp.remove();
  });

  it('are 0600 in 0700 folders: user databases and their WAL, partitions, locks, backups, quarantine, aggregate, leases, tasks', async () => {
    const data = path.join(temp.dir, 'data');
    const stores = createUserStores({
      root: path.join(data, 'users'),
      idleTimeoutMs: 0,
      dualWrite: true,
      partitions: { events: 'month' },
    });
    const aggregate = openAggregateStore({ file: path.join(data, 'aggregate', 'aggregate.db') });
    const leases = openLeaseManager({ file: path.join(data, 'leases', 'leases.db') });
    try {
      stores.user('alice').put('notes', 'n1', { text: 'private' }); // outbox row included
      stores.user('alice').partition('events').append(Date.now(), { type: 'login' });
      stores.user('bob').put('notes', 'n1', {});
      await stores.backup('alice', path.join(data, 'backups', 'alice.db'));
      await stores.quarantine('bob', 'operator');
      aggregate.apply('alice', stores.readOutbox('alice', 0, 10));
      leases.acquire('nightly', 'worker', 60_000)?.release();
      new TaskInbox({ folder: path.join(data, 'tasks'), owner: 'w1' }).submit('t1.json', '{}');

      const found = modes(data);
      const files = Object.keys(found).filter((file) => !lstatSync(file).isDirectory());
      expect(files.map((file) => path.relative(data, file)).sort()).toEqual(
        expect.arrayContaining([
          'aggregate/aggregate.db',
          'aggregate/aggregate.db-wal',
          'backups/alice.db',
          'leases/leases.db',
          'tasks/inbox/t1.json',
          expect.stringMatching(/^users\/[0-9a-f]{2}\/alice\/user\.db-wal$/),
          expect.stringMatching(/^users\/[0-9a-f]{2}\/alice\/events\.\d{4}-\d{2}\.db$/),
          expect.stringMatching(/^users\/[0-9a-f]{2}\/alice\.lock$/),
          expect.stringMatching(/^users\/[0-9a-f]{2}\/bob\/QUARANTINED\.json$/),
          expect.stringMatching(/^users\/\.quarantine\/bob\.\d+\.[0-9a-f]+\/user\.db$/),
        ]),
      );
      for (const [file, mode] of Object.entries(found))
        expect(`${path.relative(data, file)} ${mode}`).toBe(
          `${path.relative(data, file)} ${files.includes(file) ? '600' : '700'}`,
        );
    } finally {
      leases.close();
      aggregate.close();
      stores.close();
    }
  });
});
