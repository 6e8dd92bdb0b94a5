import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ApiKeyRegistry } from '../src/index.js';
import { type NotesFixture, removeDir, startNotes } from './support/notesFixture.js';

let notes: NotesFixture;
let alice: string;
let bob: string;

beforeAll(async () => {
  notes = await startNotes({ bodyLimit: 1024, maxTextChars: 500 });
  alice = notes.app.keys.add('alice');
  bob = notes.app.keys.add('bob');
});

afterAll(async () => {
  await notes.close();
  removeDir(notes.dataDir);
});

async function create(
  key: string,
  title: string,
  text = '',
): Promise<{ id: string; version: number }> {
  const created = await notes.call('POST', '/notes', { key, body: { title, text } });
  expect(created.status).toBe(201);
  return created.body as { id: string; version: number };
}

describe('notes API authentication', () => {
  it('answers 401 without an API key, naming how to send one', async () => {
    const res = await notes.call('GET', '/notes');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="notes"');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: 'about:blank',
      status: 401,
      code: 'NOTES_UNAUTHORIZED',
      detail: expect.stringContaining('Authorization: Bearer'),
    });
  });

  it('answers 401 for a wrong secret, an unknown key id and a malformed key', async () => {
    const wrongSecret = `${alice.slice(0, -4)}AAAA`;
    const unknownId = `nk_0000000000000000_${alice.slice(-43)}`;
    for (const key of [wrongSecret, unknownId, 'not-a-key']) {
      expect((await notes.call('GET', '/notes', { key })).status).toBe(401);
    }
  });

  it('accepts the key in X-Api-Key too, and keeps only hashes on disk', async () => {
    expect((await notes.call('GET', '/notes', { headers: { 'x-api-key': alice } })).status).toBe(
      200,
    );
    const stored = readFileSync(path.join(notes.dataDir, 'keys.json'), 'utf8');
    expect(stored).not.toContain(alice.slice(-43));
    expect(stored).toContain('"userId": "alice"');
  });

  it('answers 401, not 500, for a key whose user id no longer passes validation', async () => {
    const file = path.join(notes.dataDir, 'keys.json');
    // Written by an older release (device names were allowed then) or edited by hand.
    for (const [userId, stored] of [
      ['dora', 'CON'],
      ['emil', '../emil'],
    ]) {
      const key = new ApiKeyRegistry(file).add(userId!); // another process, as `notes add-user`
      writeFileSync(file, readFileSync(file, 'utf8').replace(`"${userId}"`, `"${stored}"`));
      const res = await notes.call('GET', '/notes', { key });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('NOTES_UNAUTHORIZED');
    }
  });

  it('serves /healthz without a key', async () => {
    expect(await notes.call('GET', '/healthz')).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });
  });
});

describe('notes API CRUD', () => {
  it('creates a note with its version as ETag and a Location, then reads it back', async () => {
    const res = await notes.call('POST', '/notes', {
      key: alice,
      body: { title: 'Groceries', text: 'milk', tags: ['home'] },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'Groceries',
      text: 'milk',
      tags: ['home'],
      version: 1,
    });
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/notes/${res.body.id}`);
    const read = await notes.call('GET', `/notes/${res.body.id}`, { key: alice });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
    expect(read.headers['x-notes-degraded']).toBeUndefined();
  });

  it("keeps users apart: bob cannot see alice's note", async () => {
    const { id } = await create(alice, 'private');
    const res = await notes.call('GET', `/notes/${id}`, { key: bob });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOTES_NOT_FOUND');
  });

  it('lists notes oldest first, page by page', async () => {
    const carol = notes.app.keys.add('carol');
    const ids = [];
    for (const title of ['one', 'two', 'three']) ids.push((await create(carol, title)).id);
    const first = await notes.call('GET', '/notes?limit=2', { key: carol });
    expect(first.body.notes.map((n: { title: string }) => n.title)).toEqual(['one', 'two']);
    expect(first.body.next).toBe(ids[1]);
    const second = await notes.call('GET', `/notes?limit=2&after=${first.body.next}`, {
      key: carol,
    });
    expect(second.body).toMatchObject({ notes: [{ title: 'three' }], next: null });
  });

  it('updates with If-Match and bumps the version', async () => {
    const { id } = await create(alice, 'draft');
    const res = await notes.call('PUT', `/notes/${id}`, {
      key: alice,
      headers: { 'if-match': '"1"' },
      body: { title: 'final', tags: ['done'] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, version: 2, title: 'final', text: '', tags: ['done'] });
    expect(res.headers.etag).toBe('"2"');
  });

  it('answers 409 with the current version when If-Match is stale', async () => {
    const { id } = await create(alice, 'shared');
    expect(
      (
        await notes.call('PUT', `/notes/${id}`, {
          key: alice,
          headers: { 'if-match': '1' },
          body: { title: 'first writer' },
        })
      ).status,
    ).toBe(200);
    const late = await notes.call('PUT', `/notes/${id}`, {
      key: alice,
      headers: { 'if-match': '1' },
      body: { title: 'second writer' },
    });
    expect(late.status).toBe(409);
    expect(late.headers.etag).toBe('"2"');
    expect(late.body).toMatchObject({ status: 409, code: 'BALLAST_ERR_STORE_VERSION_CONFLICT' });
    expect((await notes.call('GET', `/notes/${id}`, { key: alice })).body.title).toBe(
      'first writer',
    );
  });

  it('answers 428 for an update without If-Match', async () => {
    const { id } = await create(alice, 'guarded');
    const res = await notes.call('PUT', `/notes/${id}`, {
      key: alice,
      body: { title: 'blind write' },
    });
    expect(res.status).toBe(428);
    expect(res.body).toMatchObject({ code: 'NOTES_PRECONDITION_REQUIRED' });
  });

  it('answers 404 when updating a note that does not exist', async () => {
    const res = await notes.call('PUT', '/notes/nope', {
      key: alice,
      headers: { 'if-match': '1' },
      body: { title: 'x' },
    });
    expect(res.status).toBe(404);
  });

  it('deletes a note (204), after which it is gone (404)', async () => {
    const { id } = await create(alice, 'temporary');
    expect(
      (await notes.call('DELETE', `/notes/${id}`, { key: alice, headers: { 'if-match': '"1"' } }))
        .status,
    ).toBe(204);
    expect((await notes.call('GET', `/notes/${id}`, { key: alice })).status).toBe(404);
    expect((await notes.call('DELETE', `/notes/${id}`, { key: alice })).status).toBe(404);
  });

  it('refuses a delete at a stale version with 409', async () => {
    const { id } = await create(alice, 'keep me');
    expect(
      (await notes.call('DELETE', `/notes/${id}`, { key: alice, headers: { 'if-match': '"7"' } }))
        .status,
    ).toBe(409);
    expect((await notes.call('GET', `/notes/${id}`, { key: alice })).status).toBe(200);
  });
});

describe('notes API validation', () => {
  it.each([
    ['a missing title', { text: 'x' }, 'title'],
    ['a blank title', { title: '  ' }, 'title'],
    ['a title too long', { title: 'x'.repeat(201) }, 'title'],
    ['text over maxTextChars', { title: 't', text: 'x'.repeat(501) }, 'text'],
    ['tags not an array', { title: 't', tags: 'a' }, 'tags'],
    ['an empty tag', { title: 't', tags: ['ok', ''] }, 'tags[1]'],
    ['an unknown field', { title: 't', color: 'red' }, 'color'],
    ['an array', '[1]', ''],
    ['no body', undefined, 'title'],
  ])('answers 400 naming the field for %s', async (_case, body, field) => {
    const res = await notes.call('POST', '/notes', { key: alice, body });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'BALLAST_ERR_REQUEST_INVALID' });
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field }));
  });

  it('answers 400 for JSON that does not parse or bytes that are not UTF-8, 415 for text/plain, and stores nothing', async () => {
    const before = (await notes.call('GET', '/notes', { key: bob })).body.notes.length;
    const broken = await notes.call('POST', '/notes', { key: bob, body: '{"title": ' });
    expect(broken).toMatchObject({ status: 400, body: { code: 'BALLAST_ERR_REQUEST_INVALID' } });
    const latin1 = Buffer.from('{"title":"caf\xe9"}', 'latin1');
    const notUtf8 = await notes.call('POST', '/notes', { key: bob, body: latin1 });
    expect(notUtf8).toMatchObject({
      status: 400,
      body: { detail: 'The body is not valid UTF-8.' },
    });
    const text = await notes.call('POST', '/notes', {
      key: bob,
      body: '{"title":"plain"}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text).toMatchObject({ status: 415, body: { code: 'BALLAST_ERR_REQUEST_MEDIA_TYPE' } });
    expect((await notes.call('GET', '/notes', { key: bob })).body.notes).toHaveLength(before);
  });

  it.each([
    ['/notes?limit=0', 'query.limit'],
    ['/notes?limit=abc', 'query.limit'],
    ['/notes?after=../x', 'query.after'],
    ['/notes/bad%20id', 'params.id'],
    ['/notes/search', 'query.q'],
  ])('answers 400 naming the parameter for GET %s', async (target, field) => {
    const res = await notes.call('GET', target, { key: alice });
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field }));
  });

  it('answers 400 for an If-Match that is not a version', async () => {
    const { id } = await create(alice, 'v');
    const res = await notes.call('PUT', `/notes/${id}`, {
      key: alice,
      headers: { 'if-match': 'yesterday' },
      body: { title: 'x' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'headers.if-match', detail: 'must be a note version such as "3"' },
    ]);
  });

  it('answers 413 for a body over bodyLimit', async () => {
    const res = await notes.call('POST', '/notes', {
      key: alice,
      body: { title: 'big', text: 'x'.repeat(2_000) },
    });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('BALLAST_ERR_REQUEST_TOO_LARGE');
  });

  it('answers 413 for an oversized chunked body without Content-Length', async () => {
    const res = await notes.call('POST', '/notes', {
      key: alice,
      headers: { 'transfer-encoding': 'chunked' },
      body: `{"title":"${'y'.repeat(3_000)}"}`,
    });
    expect(res.status).toBe(413);
  });

  it('answers 404 for an unknown route and 405 with Allow for a known path with another method', async () => {
    expect((await notes.call('GET', '/elsewhere', { key: alice })).status).toBe(404);
    const res = await notes.call('PATCH', '/notes', { key: alice });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
    expect(res.body.code).toBe('BALLAST_ERR_METHOD_NOT_ALLOWED');
  });
});
