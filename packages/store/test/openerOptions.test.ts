import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { createUserStores, openAggregateStore, openLeaseManager, TaskInbox } from '../src/index.js';
import { tempDir } from './support/tempDir.js';

// Found by following the README from outside: openLeaseManager({}) failed inside node:path with
// an uncoded TypeError, and a misspelt key was ignored.
describe('the store openers refuse bad options with a coded error that says what is allowed', () => {
  it('openLeaseManager needs a file and knows its keys', () => {
    expect(() => openLeaseManager({} as never)).toThrow(
      expect.objectContaining({
        code: 'BALLAST_ERR_CONFIG',
        message: expect.stringMatching(/openLeaseManager: option "file" must be the path/),
      }),
    );
    expect(() => openLeaseManager({ path: 'x.db' } as never)).toThrow(
      'openLeaseManager: unknown option "path". Allowed: file, clock.',
    );
  });

  it('openAggregateStore needs a file and checks durability and busyTimeoutMs', () => {
    expect(() => openAggregateStore({ file: '' })).toThrow(
      expect.objectContaining({ code: 'BALLAST_ERR_CONFIG' }),
    );
    expect(() => openAggregateStore({ file: 'a.db', durability: 'extra' as never })).toThrow(
      /openAggregateStore: option "durability" must be one of normal, full/,
    );
    expect(() => openAggregateStore({ file: 'a.db', busyTimeoutMs: -1 })).toThrow(
      /option "busyTimeoutMs" must be an integer >= 0/,
    );
  });

  it('TaskInbox needs a folder and knows its keys', () => {
    expect(() => new TaskInbox({ owner: 'w-1' } as never)).toThrow(
      expect.objectContaining({
        code: 'BALLAST_ERR_CONFIG',
        message: expect.stringMatching(/TaskInbox: option "folder" must be the path/),
      }),
    );
    expect(() => new TaskInbox({ dir: '/tmp/x', owner: 'w-1' } as never)).toThrow(
      'TaskInbox: unknown option "dir". Allowed: folder, owner, clock.',
    );
  });

  it('refuses a path with a NUL character with ConfigError instead of a TypeError from node:fs', () => {
    const openers: [string, () => unknown][] = [
      ['createUserStores', () => createUserStores({ root: '/tmp/ballast\0root' })],
      ['openAggregateStore', () => openAggregateStore({ file: '/tmp/ballast\0aggregate.db' })],
      ['openLeaseManager', () => openLeaseManager({ file: '/tmp/ballast\0leases.db' })],
      ['TaskInbox', () => new TaskInbox({ folder: '/tmp/ballast\0tasks', owner: 'w-1' })],
    ];
    for (const [where, open] of openers) {
      expect(open).toThrow(
        expect.objectContaining({
          code: 'BALLAST_ERR_CONFIG',
          message: expect.stringContaining(`${where}: option`),
        }),
      );
    }
  });

  it('refuses a runtime without onDispose, or null, with ConfigError before creating the root', () => {
    const temp = tempDir();
    try {
      const root = path.join(temp.dir, 'users');
      const noDispose = { scheduler: { schedule: () => ({ cancel: () => undefined }) } };
      for (const runtime of [noDispose, null]) {
        expect(() => createUserStores({ root, runtime: runtime as never })).toThrow(
          expect.objectContaining({
            code: 'BALLAST_ERR_CONFIG',
            message: expect.stringMatching(
              /createUserStores: option "runtime" must be a ballast Runtime/,
            ),
          }),
        );
      }
      expect(existsSync(root)).toBe(false);
    } finally {
      temp.remove();
    }
  });
});
