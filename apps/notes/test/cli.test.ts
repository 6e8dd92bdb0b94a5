import { afterEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type CliIo, runCli } from '../src/index.js';
import { httpCall } from './support/httpCall.js';
import {
  makeDataDir,
  type NotesFixture,
  removeDir,
  startNotes,
  userDatabase,
} from './support/notesFixture.js';

/** A CLI io capturing what commands print (not a terminal: the progress bar prints lines). */
function captureIo(): CliIo & { stdout(): string; stderr(): string } {
  let out = '';
  let err = '';
  return {
    out: { write: (text: string) => (out += text) },
    err: { write: (text: string) => (err += text), isTTY: false },
    stdout: () => out,
    stderr: () => err,
  };
}

let dataDir: string;
let notes: NotesFixture | undefined;

afterEach(async () => {
  await notes?.close();
  notes = undefined;
  removeDir(dataDir);
});

async function withNotes(
  userIds: readonly string[],
  perUser: number,
): Promise<Record<string, string>> {
  notes = await startNotes({}, dataDir);
  const keys: Record<string, string> = {};
  for (const userId of userIds) {
    keys[userId] = notes.app.keys.add(userId);
    for (let i = 0; i < perUser; i++)
      await notes.call('POST', '/notes', { key: keys[userId], body: { title: `${userId} ${i}` } });
  }
  await notes.close();
  notes = undefined;
  return keys;
}

describe('notes CLI', () => {
  it('add-user prints a key that a running server accepts without a restart', async () => {
    dataDir = makeDataDir();
    notes = await startNotes({}, dataDir);
    const io = captureIo();
    expect(await runCli(['add-user', 'dora', '--data-dir', dataDir], io)).toBe(0);
    const key = io.stdout().trim();
    expect(key).toMatch(/^nk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect((await notes.call('GET', '/notes', { key })).status).toBe(200);
  });

  it('list-keys shows ids, never secrets; revoke-key makes a running server refuse the key', async () => {
    dataDir = makeDataDir();
    notes = await startNotes({}, dataDir);
    const key = notes.app.keys.add('dora');
    const keyId = key.slice(3, 19);
    const listed = captureIo();
    expect(await runCli(['list-keys', '--data-dir', dataDir], listed)).toBe(0);
    expect(listed.stdout()).toMatch(new RegExp(`^${keyId}  \\d{4}-\\d{2}-\\d{2}T\\S+  dora\\n$`));
    const json = captureIo();
    await runCli(['list-keys', '--json', '--data-dir', dataDir], json);
    expect(JSON.parse(json.stdout())).toEqual([
      { keyId, userId: 'dora', createdAt: expect.any(String) },
    ]);
    expect(listed.stdout() + json.stdout()).not.toContain(key.slice(-43));

    expect(await runCli(['revoke-key', keyId, '--data-dir', dataDir], captureIo())).toBe(0);
    expect((await notes.call('GET', '/notes', { key })).status).toBe(401);
    const again = captureIo();
    expect(await runCli(['revoke-key', keyId, '--data-dir', dataDir], again)).toBe(1);
    expect(again.stderr()).toContain(`no key has the id "${keyId}"`);
  });

  it('restore needs a user and a file', async () => {
    dataDir = makeDataDir();
    const io = captureIo();
    expect(await runCli(['restore', 'ann', '--data-dir', dataDir], io)).toBe(2);
    expect(io.stderr()).toContain('restore needs a user id and a backup file');
  });

  it('add-user refuses an id that is not a safe user id', async () => {
    dataDir = makeDataDir();
    const io = captureIo();
    expect(await runCli(['add-user', '../etc', '--data-dir', dataDir], io)).toBe(2);
    expect(io.stderr()).toContain('User id "../etc" is not allowed');
  });

  it('migrate --all migrates every user with a progress bar and resumes as a no-op', async () => {
    dataDir = makeDataDir();
    await withNotes(['ann', 'ben', 'cat'], 1);
    // Put ben's database back to before the document schema, as an old release left it.
    const db = new Database(userDatabase(dataDir, 'ben'));
    db.exec('DROP TABLE docs; DROP TABLE outbox; PRAGMA user_version = 0;');
    db.close();

    const io = captureIo();
    expect(await runCli(['migrate', '--all', '--data-dir', dataDir], io)).toBe(0);
    expect(io.stdout()).toContain(
      'Migrated 1 of 3 users (2 already current, 0 quarantined, 0 failed).',
    );
    expect(io.stderr()).toContain('migrate [##############################] 3/3 100%');
    const again = captureIo();
    await runCli(['migrate', '--all', '--data-dir', dataDir], again);
    expect(again.stdout()).toContain('Migrated 0 of 3 users (3 already current');
  });

  it('migrate without --all is a usage error', async () => {
    dataDir = makeDataDir();
    const io = captureIo();
    expect(await runCli(['migrate', '--data-dir', dataDir], io)).toBe(2);
    expect(io.stderr()).toContain('migrate needs --all');
  });

  it("backup <user> writes a SQLite copy holding the user's notes", async () => {
    dataDir = makeDataDir();
    await withNotes(['ann'], 3);
    const target = path.join(dataDir, 'ann-copy.db');
    const io = captureIo();
    expect(await runCli(['backup', 'ann', '--to', target, '--data-dir', dataDir], io)).toBe(0);
    expect(io.stdout()).toContain(`Backed up ann:`);
    const copy = new Database(target, { readonly: true });
    expect(copy.prepare("SELECT count(*) AS n FROM docs WHERE collection = 'notes'").get()).toEqual(
      { n: 3 },
    );
    copy.close();
  });

  it('backup names the default file under backups/ and refuses a hostile user id', async () => {
    dataDir = makeDataDir();
    await withNotes(['ann'], 1);
    const io = captureIo();
    expect(await runCli(['backup', 'ann', '--data-dir', dataDir], io)).toBe(0);
    const file = /to (.+\.db)$/m.exec(io.stdout())![1]!;
    expect(path.dirname(file)).toBe(path.join(dataDir, 'backups'));
    expect(existsSync(file)).toBe(true);
    const bad = captureIo();
    expect(await runCli(['backup', '../ann', '--data-dir', dataDir], bad)).toBe(1);
    expect(bad.stderr()).toContain('BALLAST_ERR_STORE_USER_ID');
  });

  it('stats reads the aggregate fed by the relay (--catch-up relays what it missed)', async () => {
    dataDir = makeDataDir();
    await withNotes(['ann', 'ben'], 2);
    await withNotes(['cat'], 3);
    const io = captureIo();
    expect(await runCli(['stats', '--catch-up', '--json', '--data-dir', dataDir], io)).toBe(0);
    expect(JSON.parse(io.stdout())).toEqual({
      users: 3,
      notes: 7,
      top: [
        { userId: 'cat', count: 3 },
        { userId: 'ann', count: 2 },
        { userId: 'ben', count: 2 },
      ],
    });
    const text = captureIo();
    await runCli(['stats', '--data-dir', dataDir], text);
    expect(text.stdout()).toContain('notes             7');
  });

  it('rejects bad options with the option named and exit status 2', async () => {
    dataDir = makeDataDir();
    const io = captureIo();
    expect(await runCli(['stats', '--data-dir', dataDir, '--durability', 'fast'], io)).toBe(2);
    expect(io.stderr()).toContain('"durability" must be one of "normal", "full"');
    expect(await runCli(['frobnicate'], captureIo())).toBe(2);
    expect(await runCli([], captureIo())).toBe(2);
    const help = captureIo();
    expect(await runCli(['--help'], help)).toBe(0);
    expect(help.stdout()).toContain('migrate --all');
  });

  it('stop disposes the runtime it built, though nothing resolved it from the container', async () => {
    dataDir = makeDataDir();
    const started = await startNotes({}, dataDir);
    await started.close();
    expect(started.app.runtime.disposed).toBe(true);
  });

  it('serve starts the API on the configured port and stops cleanly', async () => {
    dataDir = makeDataDir();
    const io = captureIo();
    const { serveCommand } = await import('../src/index.js');
    const app = await serveCommand({ dataDir, port: 0 }, io);
    try {
      expect(io.stdout()).toContain(`notes listening on ${app.url}`);
      expect((await httpCall(app.url, 'GET', '/healthz')).status).toBe(200);
    } finally {
      await app.stop();
    }
  });
});
