import { describe, expect, it } from '@jest/globals';
import { classifySqliteError } from './classifySqliteError.js';

const failure = (code: string) => Object.assign(new Error(code), { code });

describe('classifySqliteError', () => {
  it.each([
    ['SQLITE_BUSY', 'busy'],
    ['SQLITE_BUSY_SNAPSHOT', 'busy'],
    ['SQLITE_LOCKED_SHAREDCACHE', 'busy'],
    ['SQLITE_FULL', 'readOnly'],
    ['SQLITE_READONLY', 'readOnly'],
    ['SQLITE_READONLY_DBMOVED', 'readOnly'],
    ['SQLITE_IOERR', 'io'],
    ['SQLITE_IOERR_WRITE', 'io'],
    ['SQLITE_CORRUPT', 'corrupt'],
    ['SQLITE_CORRUPT_INDEX', 'corrupt'],
    ['SQLITE_NOTADB', 'corrupt'],
    ['SQLITE_CANTOPEN', 'cantOpen'],
    ['SQLITE_CONSTRAINT_PRIMARYKEY', 'other'],
    ['SQLITE_ERROR', 'other'],
  ])('classifies %s as %s', (code, kind) => {
    expect(classifySqliteError(failure(code))).toBe(kind);
  });

  it('treats errors without a SQLite code as the caller’s', () => {
    expect(classifySqliteError(new TypeError('x'))).toBe('other');
    expect(classifySqliteError(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe('other');
    expect(classifySqliteError(undefined)).toBe('other');
  });
});
