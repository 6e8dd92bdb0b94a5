import { checkValue } from '@ballast/schema';
import { FlagDefinitionError } from '../errors/FlagDefinitionError.js';
import {
  type FlagDefinition,
  FlagSchema,
  type FlagValue,
  type RuleDefinition,
  type ServeDefinition,
} from './FlagDefinition.js';
import { frozenCopy } from './frozenCopy.js';

const DEFAULT_VARIANTS: Readonly<Record<string, FlagValue>> = Object.freeze({
  on: true,
  off: false,
});

/** The flag's variant names, to check every reference against; fails naming the field. */
class VariantNames {
  constructor(
    private readonly flag: string,
    private readonly variants: Readonly<Record<string, FlagValue>>,
  ) {}

  check(field: string, name: string): string {
    if (!Object.hasOwn(this.variants, name)) {
      throw new FlagDefinitionError(
        this.flag,
        field,
        `names variant "${name}", which is not in variants (${Object.keys(this.variants).join(', ')})`,
      );
    }
    return name;
  }
}

/** A serve with its variant names checked and a rollout's defaults filled in. */
function resolveServe(
  names: VariantNames,
  field: string,
  serve: ServeDefinition,
  onVariant: string,
  offVariant: string,
): ServeDefinition {
  if (serve.variant !== undefined)
    return { variant: names.check(`${field}.variant`, serve.variant) };
  if (serve.rollout !== undefined) {
    const { variant = onVariant, otherwise = offVariant } = serve.rollout;
    return {
      rollout: {
        ...serve.rollout,
        variant: names.check(`${field}.rollout.variant`, variant),
        otherwise: names.check(`${field}.rollout.otherwise`, otherwise),
      },
    };
  }
  serve.split!.variants.forEach((entry, index) =>
    names.check(`${field}.split.variants[${index}].variant`, entry.variant),
  );
  return serve;
}

/**
 * Validates one flag definition against {@link FlagSchema}, checks that every variant it names
 * exists, and fills in defaults (variants, onVariant, offVariant, a rollout's variants, the
 * fallthrough). Returns a deep-frozen copy that shares nothing with `raw`. Throws a
 * `FlagDefinitionError` naming `key` and the first field at fault, never the value given.
 */
export function readFlagDefinition(key: string, raw: unknown): FlagDefinition {
  return frozenCopy(readDefinition(key, raw));
}

function readDefinition(key: string, raw: unknown): FlagDefinition {
  const checked = checkValue(FlagSchema, raw);
  if (!checked.ok) {
    const [first] = checked.issues;
    throw new FlagDefinitionError(
      key,
      first?.field ?? '',
      first?.detail ?? 'is not a flag definition',
    );
  }
  const definition = checked.value;
  const variants = definition.variants ?? DEFAULT_VARIANTS;
  const names = new VariantNames(key, variants);
  const onVariant = names.check('onVariant', definition.onVariant ?? 'on');
  const offVariant = names.check('offVariant', definition.offVariant ?? 'off');
  const rules: RuleDefinition[] = (definition.rules ?? []).map((rule, index) => ({
    ...rule,
    serve: resolveServe(names, `rules[${index}].serve`, rule.serve, onVariant, offVariant),
  }));
  const targeted = (definition.allow?.length ?? 0) > 0 || rules.length > 0;
  return {
    ...definition,
    variants,
    onVariant,
    offVariant,
    rules,
    fallthrough:
      definition.fallthrough === undefined
        ? { variant: targeted ? offVariant : onVariant }
        : resolveServe(names, 'fallthrough', definition.fallthrough, onVariant, offVariant),
  };
}
