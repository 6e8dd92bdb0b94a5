import { OPERATORS } from '../operators/operators.js';
import type { ConditionDefinition, ConditionOperator } from './FlagDefinition.js';
import { describeValue, type FieldChecker } from './FieldChecker.js';

const FIELDS = ['attribute', 'operator', 'value', 'values', 'caseInsensitive'];

/**
 * Validates a condition's shape: a known operator with `values` (list operators) or `value`.
 * The operand itself is checked when the operator compiles it.
 */
export function readCondition(
  check: FieldChecker,
  field: string,
  raw: unknown,
): ConditionDefinition {
  const input = check.object(field, raw, FIELDS);
  const attribute = check.string(`${field}.attribute`, input['attribute']);
  const operatorName = input['operator'];
  const operator = typeof operatorName === 'string' ? OPERATORS.get(operatorName) : undefined;
  if (operator === undefined) {
    return check.fail(
      `${field}.operator`,
      `must be one of ${[...OPERATORS.keys()].join(', ')} (got ${describeValue(operatorName)})`,
    );
  }
  const caseInsensitive = input['caseInsensitive'];
  if (caseInsensitive !== undefined && typeof caseInsensitive !== 'boolean') {
    check.fail(
      `${field}.caseInsensitive`,
      `must be true or false (got ${describeValue(caseInsensitive)})`,
    );
  }
  const condition = {
    attribute,
    operator: operatorName as ConditionOperator,
    ...(caseInsensitive === true ? { caseInsensitive } : {}),
  };
  if (operator.arity === 'values') {
    if (input['value'] !== undefined)
      check.fail(`${field}.value`, `is not used by "${operator.name}"; give a "values" array`);
    const values = input['values'];
    if (!Array.isArray(values) || values.length === 0) {
      return check.fail(
        `${field}.values`,
        `must be a non-empty array for "${operator.name}" (got ${describeValue(values)})`,
      );
    }
    return { ...condition, values: values as ConditionDefinition['values'] & unknown[] };
  }
  if (input['values'] !== undefined)
    check.fail(`${field}.values`, `is not used by "${operator.name}"; give one "value"`);
  if (input['value'] === undefined)
    return check.fail(`${field}.value`, `is required by "${operator.name}"`);
  return { ...condition, value: input['value'] as NonNullable<ConditionDefinition['value']> };
}
