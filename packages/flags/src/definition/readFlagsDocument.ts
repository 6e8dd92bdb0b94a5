import type { FlagDefinition } from './FlagDefinition.js';
import { describeValue, FieldChecker, isRecord } from './FieldChecker.js';
import { readFlagDefinition } from './readFlagDefinition.js';

/** Flag keys: letters, digits and `._:-`, starting with a letter or digit, at most 128 characters. */
export const FLAG_KEY = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Checks a flag key; throws a `FlagDefinitionError` naming it. */
export function checkFlagKey(key: unknown): string {
  if (typeof key !== 'string' || !FLAG_KEY.test(key)) {
    new FieldChecker(undefined).fail(
      `flags.${String(key)}`,
      `flag keys must match ${FLAG_KEY.source} (letters, digits and ._:- ; got ${describeValue(key)})`,
    );
  }
  return key as string;
}

/**
 * Validates a whole flags document (`{ "flags": { "<key>": { … } } }`) and returns its
 * definitions with defaults filled in. Nothing is applied on error: the first problem is thrown
 * as a `FlagDefinitionError` naming the flag and the field.
 */
export function readFlagsDocument(input: unknown): Record<string, FlagDefinition> {
  const check = new FieldChecker(undefined);
  const document = check.object('', input, ['$schema', 'flags']);
  const flags = document['flags'];
  if (!isRecord(flags))
    return check.fail(
      'flags',
      `must be an object of flag key to definition (got ${describeValue(flags)})`,
    );
  const definitions: Record<string, FlagDefinition> = {};
  for (const [key, raw] of Object.entries(flags))
    definitions[checkFlagKey(key)] = readFlagDefinition(key, raw);
  return definitions;
}
