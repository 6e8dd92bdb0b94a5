import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { UserStores } from '@ballast/store';

/** The main database file of a user with a lower-case id, wherever its shard is. */
export function userFile(stores: UserStores, userId: string): string {
  const shard = readdirSync(stores.root).find((name) =>
    existsSync(path.join(stores.root, name, userId)),
  );
  if (shard === undefined) throw new Error(`no folder for ${userId} under ${stores.root}`);
  return path.join(stores.root, shard, userId, 'user.db');
}

/** What `fn` threw, or undefined. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Ids of the documents in a user database file, read directly (sorted). */
export function docIds(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT id FROM docs ORDER BY id').all() as { id: string }[]).map(
      (row) => row.id,
    );
  } finally {
    db.close();
  }
}
