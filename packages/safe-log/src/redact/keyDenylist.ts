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
 * `set-cookie`, API keys, private keys, sessions, credentials.
 *
 * @example
 * ```ts
 * keyDenylist({ contains: [...DEFAULT_SECRET_KEY_PARTS, 'iban'], allow: ['tokenCount'] });
 * ```
 */
export function keyDenylist(options: KeyDenylistOptions = {}): Redactor {
  const parts = (options.contains ?? DEFAULT_SECRET_KEY_PARTS).map(normalizeKey);
  const exact = new Set((options.exact ?? DEFAULT_SECRET_KEYS).map(normalizeKey));
  const allow = new Set((options.allow ?? []).map(normalizeKey));
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
