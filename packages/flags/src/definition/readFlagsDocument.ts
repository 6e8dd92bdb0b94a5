import { checkValue } from '@ballast/schema';
import { FlagDefinitionError } from '../errors/FlagDefinitionError.js';
import { FLAG_KEY, type FlagDefinition, FlagsDocumentSchema } from './FlagDefinition.js';
import { readFlagDefinition } from './readFlagDefinition.js';

export { FLAG_KEY };

/** Checks a flag key; throws a `FlagDefinitionError` naming it. */
export function checkFlagKey(key: unknown): string {
  if (typeof key !== 'string' || !FLAG_KEY.test(key)) {
    throw new FlagDefinitionError(
      undefined,
      'flags',
      `flag keys must match ${FLAG_KEY.source} (letters, digits and ._:-, at most 128)`,
    );
  }
  return key;
}

/**
 * Validates a whole flags document (`{ "flags": { "<key>": { … } } }`, see
 * {@link FlagsDocumentSchema}) and returns its definitions with defaults filled in. Nothing is
 * applied on error: the first problem is thrown as a `FlagDefinitionError` naming the flag and
 * the field.
 */
export function readFlagsDocument(input: unknown): Record<string, FlagDefinition> {
  const flags = (input as { flags?: unknown } | null)?.flags;
  if (typeof flags === 'object' && flags !== null)
    for (const key of Object.keys(flags)) checkFlagKey(key);
  const checked = checkValue(FlagsDocumentSchema, input);
  if (!checked.ok) {
    const [first] = checked.issues;
    const inFlag = /^flags\.([^.[]+)\.?(.*)$/.exec(first?.field ?? '');
    if (inFlag !== null) throw new FlagDefinitionError(inFlag[1], inFlag[2]!, first!.detail);
    throw new FlagDefinitionError(
      undefined,
      first?.field ?? '',
      first?.detail ?? 'is not a flags document',
    );
  }
  const definitions: Record<string, FlagDefinition> = {};
  for (const [key, raw] of Object.entries(checked.value.flags))
    definitions[key] = readFlagDefinition(key, raw);
  return definitions;
}
