import type { Operator } from './Operator.js';

/** Longest pattern accepted; flag files are config, not a place for programs. */
const MAX_PATTERN_LENGTH = 512;

/** `regex`: the string attribute matches the regular expression `value` (compiled once at load). */
export const regexOperator: Operator = {
  name: 'regex',
  arity: 'value',
  compile(input) {
    const operand = input.operand;
    if (
      typeof operand !== 'string' ||
      operand.length === 0 ||
      operand.length > MAX_PATTERN_LENGTH
    ) {
      return input.invalid(`must be a regular expression of 1..${MAX_PATTERN_LENGTH} characters`);
    }
    let pattern: RegExp;
    try {
      pattern = new RegExp(operand, input.caseInsensitive ? 'i' : '');
    } catch (error) {
      return input.invalid(`is not a valid regular expression (${(error as Error).message})`);
    }
    return (value) => typeof value === 'string' && pattern.test(value);
  },
};
