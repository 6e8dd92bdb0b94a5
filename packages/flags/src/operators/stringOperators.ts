import type { AttributePredicate, Operator, OperatorInput } from './Operator.js';

function stringsOf(input: OperatorInput): string[] {
  return (input.operand as unknown[]).map((value) =>
    typeof value === 'string'
      ? input.caseInsensitive
        ? value.toLowerCase()
        : value
      : input.invalid(`every entry must be a string (got ${JSON.stringify(value)})`),
  );
}

function stringTest(test: (attribute: string, operand: string) => boolean): Operator['compile'] {
  return (input) => {
    const operands = stringsOf(input);
    const lower = input.caseInsensitive;
    const count = operands.length;
    const matches = (value: unknown): boolean => {
      if (typeof value !== 'string') return false;
      const subject = lower ? value.toLowerCase() : value;
      for (let index = 0; index < count; index++) if (test(subject, operands[index]!)) return true;
      return false;
    };
    return matches;
  };
}

/** `startsWith`: the string attribute starts with any of `values`. */
export const startsWithOperator: Operator = {
  name: 'startsWith',
  arity: 'values',
  compile: stringTest((subject, operand) => subject.startsWith(operand)),
};

/** `endsWith`: the string attribute ends with any of `values`. */
export const endsWithOperator: Operator = {
  name: 'endsWith',
  arity: 'values',
  compile: stringTest((subject, operand) => subject.endsWith(operand)),
};

/** `contains`: the string attribute contains any of `values`, or the array attribute holds one of them. */
export const containsOperator: Operator = {
  name: 'contains',
  arity: 'values',
  compile(input) {
    const inString = stringTest((subject, operand) => subject.includes(operand))(input);
    const operands = new Set(stringsOf(input));
    const lower = input.caseInsensitive;
    const inArray = (entry: unknown): boolean =>
      typeof entry === 'string' && operands.has(lower ? entry.toLowerCase() : entry);
    const predicate: AttributePredicate = (value) =>
      Array.isArray(value) ? value.some(inArray) : inString(value);
    return predicate;
  },
};

/** `eq`: the attribute equals `value` (strict; strings optionally without case). */
export const eqOperator: Operator = {
  name: 'eq',
  arity: 'value',
  compile(input) {
    const operand = input.operand;
    if (typeof operand === 'string') {
      if (!input.caseInsensitive) return (value) => value === operand;
      const lower = operand.toLowerCase();
      return (value) => typeof value === 'string' && value.toLowerCase() === lower;
    }
    if ((typeof operand === 'number' && Number.isFinite(operand)) || typeof operand === 'boolean') {
      return (value) => value === operand;
    }
    return input.invalid('must be a string, a finite number or a boolean');
  },
};
