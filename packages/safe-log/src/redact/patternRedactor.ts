import type { Redactor } from './Redactor.js';

/**
 * A mask rule from a regular expression. The pattern must be global (`g`); `replacement`
 * follows `String.prototype.replace` (`$1` keeps a prefix such as `Bearer `).
 *
 * @example
 * ```ts
 * const internalId = patternRedactor('internalId', /\bINT-\d{6}\b/g, '[REDACTED]');
 * ```
 */
export function patternRedactor(name: string, pattern: RegExp, replacement: string): Redactor {
  if (!pattern.global)
    throw new TypeError(`patternRedactor(${name}): the pattern needs the g flag.`);
  return Object.freeze({
    name,
    mask(value: string): string {
      pattern.lastIndex = 0;
      return pattern.test(value) ? value.replace(pattern, replacement) : value;
    },
  });
}
