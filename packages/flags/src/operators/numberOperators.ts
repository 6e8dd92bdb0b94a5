import type { Operator } from './Operator.js';

// Numbers arrive from JSON contexts and HTTP headers alike, so numeric strings count too.
function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

function comparison(
  name: 'gt' | 'gte' | 'lt' | 'lte',
  test: (attribute: number, operand: number) => boolean,
): Operator {
  return {
    name,
    arity: 'value',
    compile(input) {
      const operand = input.operand;
      if (typeof operand !== 'number' || !Number.isFinite(operand))
        return input.invalid('must be a finite number');
      // NaN fails every comparison, so a missing or non-numeric attribute never matches.
      return (value) => test(numberOf(value), operand);
    },
  };
}

/** `gt`: the numeric attribute is greater than `value`. */
export const gtOperator = comparison('gt', (a, b) => a > b);
/** `gte`: the numeric attribute is at least `value`. */
export const gteOperator = comparison('gte', (a, b) => a >= b);
/** `lt`: the numeric attribute is less than `value`. */
export const ltOperator = comparison('lt', (a, b) => a < b);
/** `lte`: the numeric attribute is at most `value`. */
export const lteOperator = comparison('lte', (a, b) => a <= b);
