import type { AttributePredicate, Operator, OperatorInput } from './Operator.js';

function scalarsOf(input: OperatorInput): (string | number | boolean)[] {
  const values = input.operand as unknown[];
  return values.map((value) => {
    if (typeof value === 'string') return input.caseInsensitive ? value.toLowerCase() : value;
    if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean')
      return value;
    return input.invalid(
      `every entry must be a string, a finite number or a boolean (got ${JSON.stringify(value)})`,
    );
  });
}

function membership(input: OperatorInput): AttributePredicate {
  const set = new Set<unknown>(scalarsOf(input));
  if (!input.caseInsensitive) {
    const has = (value: unknown): boolean => set.has(value);
    return (value) => (Array.isArray(value) ? value.some(has) : set.has(value));
  }
  const has = (value: unknown): boolean =>
    set.has(typeof value === 'string' ? value.toLowerCase() : value);
  return (value) => (Array.isArray(value) ? value.some(has) : has(value));
}

/** `in`: the attribute (or any entry of an array attribute) is one of `values`. */
export const inOperator: Operator = { name: 'in', arity: 'values', compile: membership };

/** `notIn`: the attribute is none of `values`; a missing attribute counts as not in. */
export const notInOperator: Operator = {
  name: 'notIn',
  arity: 'values',
  compile(input) {
    const isIn = membership(input);
    return (value) => !isIn(value);
  },
};
