import safeRegex from 'safe-regex2';
import type { Operator } from './Operator.js';

/** Longest pattern accepted; flag files are config, not a place for programs. */
const MAX_PATTERN_LENGTH = 512;

/**
 * `regex`: the string attribute matches the regular expression `value` (compiled once at load).
 * A pattern that could backtrack for exponential time on some attribute (a request header, an
 * email) would stall the whole process in one evaluation, so a pattern safe-regex2 cannot show
 * safe is refused at load: a group that repeats and holds a repetition (`(a+)+`), more than 25
 * repetitions, or syntax it does not read (lookbehind).
 */
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
    if (!safeRegex(pattern)) {
      return input.invalid(
        'could take exponential time on some inputs: it repeats a group holding a repetition ' +
          '(like (a+)+), has more than 25 repetitions, or uses syntax the safety check does not ' +
          'read (lookbehind); write it without nested repetition',
      );
    }
    return (value) => typeof value === 'string' && pattern.test(value);
  },
};
