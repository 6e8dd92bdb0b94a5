import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiKeyRegistry } from './ApiKeyRegistry.js';

const dirs: string[] = [];
function keysFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'notes-keys-'));
  dirs.push(dir);
  return path.join(dir, 'keys.json');
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('ApiKeyRegistry', () => {
  it('authenticates a key it created and stores only the hash of its secret', () => {
    const file = keysFile();
    const keys = new ApiKeyRegistry(file);
    const key = keys.add('alice');
    expect(keys.authenticate(key)).toBe('alice');
    expect(readFileSync(file, 'utf8')).not.toContain(key.slice(-43));
  });

  it('refuses wrong secrets, unknown ids and malformed keys', () => {
    const keys = new ApiKeyRegistry(keysFile());
    const key = keys.add('alice');
    const flipped = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
    expect(keys.authenticate(flipped)).toBeUndefined();
    expect(keys.authenticate(`nk_ffffffffffffffff_${key.slice(-43)}`)).toBeUndefined();
    expect(keys.authenticate('')).toBeUndefined();
    expect(keys.authenticate(`${key} `)).toBeUndefined();
  });

  it('sees keys another process added, without a restart', () => {
    const file = keysFile();
    const server = new ApiKeyRegistry(file);
    const key = new ApiKeyRegistry(file).add('bob');
    expect(server.authenticate(key)).toBe('bob');
    expect(server.users()).toEqual(['bob']);
  });

  it('keeps several keys per user', () => {
    const keys = new ApiKeyRegistry(keysFile());
    const first = keys.add('carol');
    const second = keys.add('carol');
    expect([keys.authenticate(first), keys.authenticate(second)]).toEqual(['carol', 'carol']);
    expect(keys.users()).toEqual(['carol']);
  });

  it('refuses user ids outside the store allow-list', () => {
    const keys = new ApiKeyRegistry(keysFile());
    for (const id of ['', '../x', 'a/b', 'x'.repeat(65), 'ümlaut']) {
      expect(() => keys.add(id)).toThrow('is not allowed');
    }
  });

  it('names the file when it is damaged', () => {
    const file = keysFile();
    writeFileSync(file, '{"version": 1, "keys": [{"keyId": "x"}]}');
    expect(() => new ApiKeyRegistry(file)).toThrow(`API key file ${file} must hold`);
    writeFileSync(file, 'not json');
    expect(() => new ApiKeyRegistry(file)).toThrow('is not readable JSON');
  });
});
