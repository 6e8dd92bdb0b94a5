import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { MigrationError } from '../errors/storeErrors.js';
import { tempDir } from '../../test/support/tempDir.js';
import { migrateDatabase } from './migrateDatabase.js';
import type { Migration } from './Migration.js';

const createA: Migration = { name: 'a', up: (db) => db.exec('CREATE TABLE a (x)') };
const createB: Migration = { name: 'b', up: (db) => db.exec('CREATE TABLE b (x)') };

describe('migrateDatabase', () => {
  let temp: ReturnType<typeof tempDir>;
  let db: Database.Database;

  beforeEach(() => {
    temp = tempDir();
    db = new Database(path.join(temp.dir, 'x.db'));
  });

  afterEach(() => {
    db.close();
    temp.remove();
  });

  it('applies pending steps in order and records them in user_version', () => {
    expect(migrateDatabase(db, [createA, createB], 'x')).toBe(2);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(migrateDatabase(db, [createA, createB], 'x')).toBe(0);
  });

  it('leaves the database at the last whole version when a step fails, and resumes from there', () => {
    const broken: Migration = {
      name: 'broken',
      up: (d) => {
        d.exec('CREATE TABLE c (x)');
        throw new Error('bug');
      },
    };
    expect(() => migrateDatabase(db, [createA, broken], 'x')).toThrow(MigrationError);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'c'").get()).toEqual({
      n: 0,
    });
    expect(migrateDatabase(db, [createA, createB], 'x')).toBe(1);
  });

  it('refuses a database newer than the code', () => {
    db.pragma('user_version = 5');
    expect(() => migrateDatabase(db, [createA], 'x')).toThrow(/newer than this code/);
  });

  it('skips steps another connection applied meanwhile', () => {
    const other = new Database(db.name);
    migrateDatabase(other, [createA], 'x');
    other.close();
    expect(migrateDatabase(db, [createA, createB], 'x')).toBe(1);
  });
});
