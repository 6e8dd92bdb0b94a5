import type { OptionsReader } from '@ballast/core';

/**
 * The path option `key`, else a `ConfigError` naming `expected`: it must be given, as a non-empty
 * string without NUL characters (no file system takes them; node:fs throws a TypeError).
 */
export function readPathOption(read: OptionsReader, key: string, expected: string): string {
  const value = read.string(key, '');
  if (value === '') return read.fail(key, expected);
  if (value.includes('\0')) return read.fail(key, `${expected}, without NUL characters`);
  return value;
}
