import { ConfigError } from '@ballast/core';
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
  if (!(pattern instanceof RegExp) || !pattern.global)
    throw new ConfigError(
      `patternRedactor(${name}): the pattern must be a RegExp with the g flag (/…/g), so every match is masked.`,
    );
  return Object.freeze({
    name,
    mask(value: string): string {
      pattern.lastIndex = 0;
      return pattern.test(value) ? value.replace(pattern, replacement) : value;
    },
  });
}
