import type { FlagDefinition } from '../definition/FlagDefinition.js';
import { readFlagDefinition } from '../definition/readFlagDefinition.js';
import { checkFlagKey } from '../definition/readFlagsDocument.js';
import { FlagStatistics } from '../store/FlagStatistics.js';
import { compileFlag } from './compileFlag.js';

/**
 * Fully checks one flag definition — shape, variant references and every operand (regexes,
 * dates, versions) — without applying it. Returns the definition with defaults filled in.
 * @throws FlagDefinitionError naming the flag and the field.
 * @example
 * ```ts
 * validateFlagDefinition('new-search', { enabled: true, allow: ['qa-1'] });
 * ```
 */
export function validateFlagDefinition(key: string, definition: unknown): FlagDefinition {
  const checked = readFlagDefinition(checkFlagKey(key), definition);
  compileFlag(key, checked, new FlagStatistics(), Date.now);
  return checked;
}
