import { OptionsReader } from '@ballast/core';
import type { Redactor } from './Redactor.js';

/** Options of {@link keyDenylist}. Keys are compared lowercased with `-`, `_`, `.` and spaces removed. */
export interface KeyDenylistOptions {
  /**
   * A key containing any of these is secret (`accessToken` contains `token`).
   * @default DEFAULT_SECRET_KEY_PARTS
   */
  readonly contains?: readonly string[];
  /**
   * A key equal to one of these is secret; for short words that occur inside harmless keys (`auth` in `author`).
   * @default DEFAULT_SECRET_KEYS
   */
  readonly exact?: readonly string[];
  /** Keys never hidden even when they match (`tokenCount`). */
  readonly allow?: readonly string[];
}

/** Default key fragments: a key containing one is hidden. */
export const DEFAULT_SECRET_KEY_PARTS: readonly string[] = Object.freeze([
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'authorization',
  'cookie',
  'apikey',
  'privatekey',
  'session',
  'credential',
  'accesskey',
  'signature',
  'creditcard',
  'cardnumber',
]);

/** Default whole keys: hidden only on an exact match. */
export const DEFAULT_SECRET_KEYS: readonly string[] = Object.freeze([
  'auth',
  'pwd',
  'pass',
  'pin',
  'otp',
  'cvv',
  'cvc',
  'ssn',
  'sid',
  'jwt',
  'bearer',
]);

/** Lowercases and strips separators so `X-API-Key`, `api_key` and `apiKey` compare equal. */
export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_. ]/g, '');
}

/**
 * Hides values by property name: passwords, secrets, tokens, `authorization`, `cookie`,
 * `set-cookie`, API keys, private keys, sessions, credentials. An unknown option or a list that
 * is not of strings throws `ConfigError` (BALLAST_ERR_CONFIG).
 *
 * @example
 * ```ts
 * keyDenylist({ contains: [...DEFAULT_SECRET_KEY_PARTS, 'iban'], allow: ['tokenCount'] });
 * ```
 */
export function keyDenylist(options: KeyDenylistOptions = {}): Redactor {
  // A misspelt key (`contain`) would silently leave the secrets it names unhidden.
  const read = new OptionsReader('keyDenylist', options, ['contains', 'exact', 'allow']);
  const words = (key: keyof KeyDenylistOptions, fallback: readonly string[]): string[] => {
    const value = read.raw(key) ?? fallback;
    return Array.isArray(value) && value.every((word) => typeof word === 'string')
      ? value.map(normalizeKey)
      : read.fail(key, 'an array of strings');
  };
  const parts = words('contains', DEFAULT_SECRET_KEY_PARTS);
  const exact = new Set(words('exact', DEFAULT_SECRET_KEYS));
  const allow = new Set(words('allow', []));
  // Keys repeat a lot (headers, field names); remember verdicts up to a bound.
  const verdicts = new Map<string, boolean>();
  return Object.freeze({
    name: 'keyDenylist',
    matchesKey(key: string): boolean {
      const known = verdicts.get(key);
      if (known !== undefined) return known;
      const normalized = normalizeKey(key);
      const verdict =
        !allow.has(normalized) &&
        (exact.has(normalized) || parts.some((part) => normalized.includes(part)));
      if (verdicts.size < 10_000) verdicts.set(key, verdict);
      return verdict;
    },
  });
}
