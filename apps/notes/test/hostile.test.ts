import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigError } from '@ballast/core';
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { type NotesFixture, removeDir, startNotes } from './support/notesFixture.js';

let notes: NotesFixture;
let alice: string;
let bigAlice: string;
let bobNote: string;

beforeAll(async () => {
  notes = await startNotes();
  alice = notes.app.keys.add('alice');
  bigAlice = notes.app.keys.add('Alice');
  const bob = notes.app.keys.add('bob');
  bobNote = (await notes.call('POST', '/notes', { key: bob, body: { title: 'b' } })).body.id;
});

afterAll(async () => {
  await notes.close();
  removeDir(notes.dataDir);
});

/** Status line and parsed body of `GET path` as alice, sent byte for byte. */
function rawGet(target: string, headers = `Authorization: Bearer ${alice}\r\n`) {
  return new Promise<{ status: number; body: { code?: string } }>((resolve, reject) => {
    const port = new URL(notes.app.url).port;
    const socket = connect(Number(port), '127.0.0.1', () =>
      socket.end(`GET ${target} HTTP/1.1\r\nHost: x\r\n${headers}Connection: close\r\n\r\n`),
    );
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body: JSON.parse(body) });
    });
  });
}

/** Every file and folder under the data dir's user stores. */
function storeFiles(): string[] {
  return readdirSync(path.join(notes.dataDir, 'users'), { recursive: true }).map(String).sort();
}

describe('notes API against hostile note ids (raw sockets)', () => {
  it('refuses traversal, encoded slashes, NUL, non-ASCII and overlong ids with 400, creating nothing', async () => {
    const before = storeFiles();
    for (const id of [
      '%2e%2e',
      '..%2F..%2Fkeys.json',
      `..%2F..%2F${bobNote}`,
      'a%00b',
      '%C3%A9',
      'e%CC%81',
      'a'.repeat(65),
      'a'.repeat(500),
    ]) {
      const answer = await rawGet(`/notes/${id}`);
      expect([id, answer.status, answer.body.code]).toEqual([
        id,
        400,
        'BALLAST_ERR_REQUEST_INVALID',
      ]);
    }
    expect(storeFiles()).toEqual(before);
  });

  it("never reaches another user's note by its id, whatever the path around it", async () => {
    const statuses = [];
    for (const target of [`/notes/${bobNote}`, `/notes/${bobNote}/`, `//notes/${bobNote}`]) {
      statuses.push((await rawGet(target)).status);
    }
    expect(statuses).toEqual([404, 404, 404]);
  });
});

describe('notes users: one id, one store', () => {
  it('refuses user ids in other Unicode forms, fullwidth, or with path syntax', () => {
    for (const userId of ['\u00e9', 'e\u0301', '\uff41lice', '../bob', 'bob\u0000', 'a/b']) {
      expect(() => notes.app.keys.add(userId)).toThrow(ConfigError);
    }
  });

  it('keeps ids that differ in case apart, even on a case-insensitive file system', async () => {
    await notes.call('POST', '/notes', { key: bigAlice, body: { title: 'upper' } });
    const lower = await notes.call('GET', '/notes', { key: alice });
    expect(lower.body.notes.map((note: { title: string }) => note.title)).not.toContain('upper');
    const folders = storeFiles().filter((file) => /alice/i.test(path.basename(file)));
    expect(folders.filter((folder) => !folder.endsWith('.lock')).length).toBe(2);
    const lowerCased = new Set(folders.map((folder) => folder.toLowerCase()));
    expect(lowerCased.size).toBe(folders.length);
  });
});

describe('notes credentials', () => {
  it('reads a key from one Authorization header only: two get 400, a query string nothing', async () => {
    const two = await rawGet(
      '/notes',
      `Authorization: Bearer ${alice}\r\nAuthorization: Bearer nk_0000000000000000_x\r\n`,
    );
    expect([two.status, two.body.code]).toEqual([400, 'BALLAST_ERR_REQUEST_INVALID']);
    const query = await rawGet(`/notes?api_key=${alice}&key=${alice}`, '');
    expect([query.status, query.body.code]).toEqual([401, 'NOTES_UNAUTHORIZED']);
  });

  it('marks authenticated answers Cache-Control: no-store (they were cacheable)', async () => {
    const answer = await notes.call('GET', '/notes', { key: alice });
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });
});
