import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A fresh temp folder and its cleanup. `inMemory` puts it on /dev/shm when there is one: tests
 * about counts (file descriptors over 10,000 users) should not wait on disk writeback.
 */
export function tempDir(options: { inMemory?: boolean } = {}): { dir: string; remove: () => void } {
  const base = options.inMemory === true && existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const dir = mkdtempSync(path.join(base, 'ballast-store-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
