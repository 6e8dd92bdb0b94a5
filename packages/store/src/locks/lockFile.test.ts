import { lstatSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { StoreLockedError } from '../errors/storeErrors.js';
import { tempDir } from '../../test/support/tempDir.js';
import { lockFile } from './lockFile.js';

describe('lockFile', () => {
  let temp: ReturnType<typeof tempDir>;

  beforeEach(() => {
    temp = tempDir();
  });

  afterEach(() => temp.remove());

  it('gives the lock to one holder at a time and names the file when it stays taken', () => {
    const file = path.join(temp.dir, 'keys.json.lock');
    const release = lockFile(file, 0);
    expect((lstatSync(file).mode & 0o777).toString(8)).toBe('600');
    let error: unknown;
    try {
      lockFile(file, 0);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StoreLockedError);
    expect((error as Error).message).toBe(
      `The lock file ${file} is locked: another process held it for 0 ms.`,
    );
    release();
    release(); // idempotent
    lockFile(file, 0)();
  });
});
