import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createRuntime } from '@ballast/core';
import { StoreClosedError, createUserStores } from '@ballast/store';
import { UserPaths } from '../src/paths/UserPaths.js';
import { tempDir } from './support/tempDir.js';

const openFds = () => readdirSync('/proc/self/fd').length;

describe('open handles', () => {
  let temp: ReturnType<typeof tempDir>;

  beforeEach(() => {
    temp = tempDir();
  });

  afterEach(() => {
    jest.useRealTimers();
    temp.remove();
  });

  it('keeps file descriptors bounded while 10,000 users are touched with at most 200 open', () => {
    temp.remove();
    temp = tempDir({ inMemory: true });
    // Creating 10,000 databases one by one costs ~4 ms each; copies of one migrated file are equivalent.
    const template = createUserStores({ root: temp.dir, idleTimeoutMs: 0 });
    template.user('template').put('notes', 'n1', { text: 'hello' });
    template.close();
    const paths = new UserPaths(temp.dir, /^[A-Za-z0-9_-]{1,64}$/, 256);
    const source = path.join(paths.userFolder('template'), 'user.db');
    const users = Array.from({ length: 10_000 }, (_, i) => `u${i}`);
    for (const userId of users) {
      mkdirSync(paths.userFolder(userId), { recursive: true });
      copyFileSync(source, path.join(paths.userFolder(userId), 'user.db'));
    }

    const stores = createUserStores({
      root: temp.dir,
      maxOpen: 200,
      idleTimeoutMs: 0,
      durability: 'normal',
    });
    const before = openFds();
    let peak = before;
    try {
      for (const [index, userId] of users.entries()) {
        expect(stores.user(userId).get('notes', 'n1')?.body).toEqual({ text: 'hello' });
        if (index % 250 === 0) peak = Math.max(peak, openFds());
      }
      peak = Math.max(peak, openFds());
      expect(peak - before).toBeLessThanOrEqual(200 * 4 + 16); // WAL database (3 fds) + lock file
      expect(stores.statistics).toMatchObject({
        openHandles: 200,
        opens: 10_000,
        evictions: 9_800,
      });
    } finally {
      stores.close();
    }
    expect(openFds()).toBeLessThanOrEqual(before);
  });

  it('closes idle handles on the runtime scheduler and closes everything when the runtime is disposed', async () => {
    jest.useFakeTimers();
    const runtime = createRuntime();
    const stores = createUserStores({ root: temp.dir, idleTimeoutMs: 1_000, runtime });
    for (const userId of ['a', 'b', 'c']) stores.user(userId).put('notes', 'n1', {});
    await jest.advanceTimersByTimeAsync(750);
    stores.user('c').get('notes', 'n1');
    await jest.advanceTimersByTimeAsync(500);
    expect(stores.statistics).toMatchObject({ openHandles: 1, idleCloses: 2 });
    await jest.advanceTimersByTimeAsync(1_250);
    expect(stores.statistics).toMatchObject({ openHandles: 0, idleCloses: 3 });
    expect(stores.user('a').get('notes', 'n1')?.version).toBe(1); // reopens on demand
    runtime.dispose();
    expect(stores.statistics.openHandles).toBe(0);
    expect(() => stores.user('zz')).toThrow(StoreClosedError);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('runs its own unref’d sweep without a runtime and clears it on close', async () => {
    jest.useFakeTimers();
    const stores = createUserStores({ root: temp.dir, idleTimeoutMs: 400 });
    stores.user('a').put('notes', 'n1', {});
    expect(jest.getTimerCount()).toBe(1);
    await jest.advanceTimersByTimeAsync(500);
    expect(stores.statistics.openHandles).toBe(0);
    stores.close();
    expect(jest.getTimerCount()).toBe(0);
  });
});
