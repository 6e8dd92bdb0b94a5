import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createUserStores } from '@ballast/store';
import { startFixture, watchChild } from './support/childProcess.js';
import { tempDir } from './support/tempDir.js';

describe('several processes', () => {
  let temp: ReturnType<typeof tempDir>;

  beforeEach(() => {
    temp = tempDir();
  });

  afterEach(() => temp.remove());

  it('lets two processes write the same user’s database without losing an update', async () => {
    const stores = createUserStores({ root: temp.dir, idleTimeoutMs: 0 });
    stores.user('shared').put('counters', 'shared', { n: 0 }); // both children open an existing, migrated file
    stores.close();
    const children = ['a', 'b'].map((writer) =>
      startFixture('writer', [temp.dir, 'shared', writer, '500', 'normal']),
    );
    let ready = 0;
    const retries: number[] = [];
    const runs = children.map((child) =>
      watchChild(child, (line) => {
        if (line === 'ready' && ++ready === 2)
          for (const each of children) each.stdin.write('go\n');
        if (line.startsWith('retries ')) retries.push(Number(line.slice(8)));
      }),
    );
    const results = await Promise.all(runs);
    expect(retries).toHaveLength(2);
    for (const result of results) expect(result).toMatchObject({ code: 0, stderr: '' });

    const check = createUserStores({ root: temp.dir, idleTimeoutMs: 0 });
    try {
      const user = check.user('shared');
      expect(user.get('counters', 'shared')?.body).toEqual({ n: 1000 });
      expect(user.list('docs', { limit: 1000 })).toHaveLength(1000);
    } finally {
      check.close();
    }
  }, 30_000);

  it('loses no acknowledged write when the writer is killed with SIGKILL at synchronous FULL', async () => {
    const acknowledged: string[] = [];
    const child = startFixture('writer', [temp.dir, 'victim', 'w', 'forever', 'full']);
    const exit = watchChild(child, (line) => {
      if (line === 'ready') child.stdin.write('go\n');
      if (!line.startsWith('ack ')) return;
      acknowledged.push(line.slice(4));
      if (acknowledged.length === 300) child.kill('SIGKILL');
    });
    const result = await exit;
    expect(result.signal).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);

    const stores = createUserStores({ root: temp.dir, idleTimeoutMs: 0 });
    try {
      const user = stores.user('victim');
      const missing = acknowledged.filter((id) => user.get('docs', id) === undefined);
      expect(missing).toEqual([]);
    } finally {
      stores.close();
    }
  }, 30_000);
});
