import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createNotesApp, type NotesApp, type NotesOptions } from '../../src/index.js';
import { type CallOptions, type CallResult, httpCall } from './httpCall.js';

/** A started notes app on 127.0.0.1 port 0 with real SQLite files in a fresh temp dir. */
export interface NotesFixture {
  readonly app: NotesApp;
  readonly dataDir: string;
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  /** Stops the app and deletes its files. */
  close(): Promise<void>;
}

/** Makes a temp data dir (kept across restarts until `removeDir`). */
export function makeDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'notes-test-'));
}

/** Deletes a temp data dir. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Starts an app on `dataDir` (a new temp dir by default). */
export async function startNotes(
  options: NotesOptions = {},
  dataDir = makeDataDir(),
): Promise<NotesFixture> {
  const app = createNotesApp({ port: 0, ...options, dataDir });
  await app.start();
  return {
    app,
    dataDir,
    call: (method, target, callOptions) => httpCall(app.url, method, target, callOptions),
    close: async () => {
      await app.stop();
    },
  };
}

/** Path of a user's main database file under a data dir (`users/<shard>/<user>/user.db`). */
export function userDatabase(dataDir: string, userId: string): string {
  const root = path.join(dataDir, 'users');
  for (const shard of readdirSync(root)) {
    if (readdirSync(path.join(root, shard)).includes(userId))
      return path.join(root, shard, userId, 'user.db');
  }
  throw new Error(`no database for ${userId} under ${root}`);
}
