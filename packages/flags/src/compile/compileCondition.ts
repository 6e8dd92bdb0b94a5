import type { ConditionDefinition } from '../definition/FlagDefinition.js';
import { FlagDefinitionError } from '../errors/FlagDefinitionError.js';
import type { FlagContext } from '../evaluation/FlagContext.js';
import { OPERATORS } from '../operators/operators.js';

/** @internal a compiled condition. */
export type ContextPredicate = (context: FlagContext | undefined) => boolean;

/**
 * @internal compiles one condition: the operator parses its operand now (regex, dates, versions,
 * sets); `attribute: "key"` reads the targeting key.
 */
export function compileCondition(
  flag: string,
  field: string,
  condition: ConditionDefinition,
  now: () => number,
): ContextPredicate {
  const operator = OPERATORS.get(condition.operator)!;
  const operandField = `${field}.${operator.arity}`;
  const test = operator.compile({
    operand: operator.arity === 'values' ? condition.values : condition.value,
    caseInsensitive: condition.caseInsensitive === true,
    now,
    invalid: (problem) => {
      throw new FlagDefinitionError(
        flag,
        operandField,
        `${problem} for operator "${operator.name}"`,
      );
    },
  });
  const attribute = condition.attribute;
  if (attribute === 'key') return (context) => test(context?.key);
  return (context) => test(context?.attributes?.[attribute]);
}
