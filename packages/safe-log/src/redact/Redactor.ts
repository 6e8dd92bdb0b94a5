import { readProperty } from '@ballast/core';

/**
 * One redaction rule. Key rules hide a whole value by its property name; mask rules hide
 * secrets inside strings. A redactor implements either or both.
 */
export interface Redactor {
  /** Short name for docs and configuration (`bearerToken`, `keyDenylist`, …). */
  readonly name: string;
  /** True when the value under `key` is secret as a whole (`password`, `authorization`). */
  matchesKey?(key: string): boolean;
  /** `value` with secrets masked; returns `value` itself when nothing matched. */
  mask?(value: string): string;
}

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

/** @internal A rule with at least one of the two methods (read guarded: the input may be anything). */
export function isRedactor(value: unknown): value is Redactor {
  return (
    typeof readProperty(value, 'matchesKey') === 'function' ||
    typeof readProperty(value, 'mask') === 'function'
  );
}
