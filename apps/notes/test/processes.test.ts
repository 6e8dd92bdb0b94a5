import { afterEach, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { httpCall } from './support/httpCall.js';
import { makeDataDir, removeDir, startNotes, userDatabase } from './support/notesFixture.js';
import { runNotes, serveNotes, type ServerProcess } from './support/notesProcess.js';

let dataDir: string;
let server: ServerProcess | undefined;

afterEach(async () => {
  if (server !== undefined) {
    server.child.kill('SIGKILL');
    await server.exited;
    server = undefined;
  }
  removeDir(dataDir);
});

describe('notes in several processes', () => {
  it('six concurrent add-user processes each print a key that works', async () => {
    dataDir = makeDataDir();
    const users = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
    const runs = await Promise.all(
      users.map((userId) => runNotes(['add-user', userId, '--data-dir', dataDir])),
    );
    for (const run of runs) expect(run).toMatchObject({ code: 0 });
    const notes = await startNotes({}, dataDir);
    try {
      for (const [index, run] of runs.entries()) {
        const key = run.stdout.trim();
        const answer = await notes.call('GET', '/notes', { key });
        expect(`${users[index]} ${answer.status}`).toBe(`${users[index]} 200`);
      }
      expect(notes.app.keys.users()).toEqual(users);
    } finally {
      await notes.close();
    }
  }, 60_000);

  it('loses no acknowledged note when the WAL is deleted mid-stream and the server is killed', async () => {
    dataDir = makeDataDir();
    const key = (await runNotes(['add-user', 'alice', '--data-dir', dataDir])).stdout.trim();
    server = await serveNotes(dataDir);
    const post = (i: number) =>
      httpCall(server!.url, 'POST', '/notes', { key, body: { title: `note ${i}` } });
    const acknowledged: string[] = [];
    for (let i = 0; i < 30; i++) {
      const created = await post(i);
      expect(created.status).toBe(201);
      acknowledged.push(created.body.id as string);
    }
    rmSync(`${userDatabase(dataDir, 'alice')}-wal`);

    const after: string[] = [];
    for (let i = 30; i < 40; i++) {
      const answer = await post(i);
      if (answer.status === 201) acknowledged.push(answer.body.id as string);
      after.push(`${answer.status} ${answer.body?.code ?? ''}`);
    }
    server.child.kill('SIGKILL');
    expect(await server.exited).toBe('SIGKILL');
    server = undefined;

    expect(after).toEqual([
      '503 BALLAST_ERR_STORE_FILE_REPLACED',
      ...Array.from({ length: 9 }, () => '503 BALLAST_ERR_STORE_READ_ONLY'),
    ]);
    const notes = await startNotes({}, dataDir);
    try {
      const listed = await notes.call('GET', '/notes?limit=100', { key });
      const ids = (listed.body.notes as { id: string }[]).map((note) => note.id);
      expect(acknowledged.filter((id) => !ids.includes(id))).toEqual([]);
    } finally {
      await notes.close();
    }
  }, 60_000);

  it('restore from the CLI takes effect in the running server without a restart', async () => {
    dataDir = makeDataDir();
    const key = (await runNotes(['add-user', 'alice', '--data-dir', dataDir])).stdout.trim();
    server = await serveNotes(dataDir);
    const kept = await httpCall(server.url, 'POST', '/notes', { key, body: { title: 'kept' } });
    const backup = await runNotes([
      'backup',
      'alice',
      '--to',
      `${dataDir}/alice.bak`,
      '--data-dir',
      dataDir,
    ]);
    expect(backup).toMatchObject({ code: 0 });
    const lost = await httpCall(server.url, 'POST', '/notes', { key, body: { title: 'lost' } });

    const restore = await runNotes([
      'restore',
      'alice',
      `${dataDir}/alice.bak`,
      '--data-dir',
      dataDir,
    ]);
    expect(restore).toMatchObject({ code: 0 });
    expect(restore.stdout).toContain('Restored alice from');
    expect((await httpCall(server.url, 'GET', `/notes/${kept.body.id}`, { key })).status).toBe(200);
    expect((await httpCall(server.url, 'GET', `/notes/${lost.body.id}`, { key })).status).toBe(404);
  }, 60_000);
});
