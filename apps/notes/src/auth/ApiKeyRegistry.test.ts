import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
    for (const id of ['', '../x', 'a/b', 'x'.repeat(65), 'ümlaut', 'CON', 'nul']) {
      expect(() => keys.add(id)).toThrow('is not allowed');
    }
  });

  it('lists keys without their secrets and revokes one, which another registry refuses at once', () => {
    const file = keysFile();
    const server = new ApiKeyRegistry(file);
    const cli = new ApiKeyRegistry(file);
    const first = cli.add('alice');
    const second = cli.add('bob');
    expect(server.authenticate(first)).toBe('alice');
    const listed = cli.list();
    expect(listed.map((key) => key.userId)).toEqual(['alice', 'bob']);
    expect(listed[0]).toEqual({
      keyId: first.slice(3, 19),
      userId: 'alice',
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(JSON.stringify(listed)).not.toMatch(/secret|[0-9a-f]{64}/i);
    expect(cli.revoke(first.slice(3, 19))).toBe(true);
    expect(cli.revoke(first.slice(3, 19))).toBe(false);
    expect(server.authenticate(first)).toBeUndefined(); // revoked: refused on the next request
    expect(server.authenticate(second)).toBe('bob');
  });

  it('matches nobody with a key whose user id no longer passes the store rules', () => {
    const file = keysFile();
    const keys = new ApiKeyRegistry(file);
    const key = keys.add('alice');
    // An older release allowed the id, or someone edited the file by hand.
    writeFileSync(file, readFileSync(file, 'utf8').replace('"alice"', '"../alice"'));
    expect(keys.authenticate(key)).toBeUndefined();
  });

  it('writes the key file 0600 and leaves no temp file behind', () => {
    const file = keysFile();
    new ApiKeyRegistry(file).add('alice');
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    expect(readdirSync(path.dirname(file)).sort()).toEqual(['keys.json', 'keys.json.lock']);
  });

  it('names the file when it is damaged', () => {
    const file = keysFile();
    writeFileSync(file, '{"version": 1, "keys": [{"keyId": "x"}]}');
    expect(() => new ApiKeyRegistry(file)).toThrow(`API key file ${file} must hold`);
    writeFileSync(file, 'not json');
    expect(() => new ApiKeyRegistry(file)).toThrow('is not readable JSON');
  });
});
