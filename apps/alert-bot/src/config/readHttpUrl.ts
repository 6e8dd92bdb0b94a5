import type { OptionsReader } from '@ballast/core';

/** Reads a required absolute `http:`/`https:` URL option. */
export function readHttpUrl(read: OptionsReader, key: string): string {
  const expected = 'an absolute http:// or https:// URL';
  if (!read.has(key)) read.fail(key, expected);
  const value = read.string(key, '');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return read.fail(key, expected);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') read.fail(key, expected);
  return value;
}
