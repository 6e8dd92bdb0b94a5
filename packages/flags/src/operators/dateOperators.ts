import type { Operator, OperatorInput } from './Operator.js';

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const RELATIVE = /^-(\d+)([smhdw])$/;

function timeOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Date.parse(value);
  if (value instanceof Date) return value.getTime();
  return Number.NaN;
}

/** The boundary: a fixed instant, or "now minus a duration" re-read from the clock per evaluation. */
function boundaryOf(input: OperatorInput): () => number {
  const operand = input.operand;
  if (typeof operand === 'string') {
    const relative = RELATIVE.exec(operand);
    if (relative !== null) {
      const offset = Number(relative[1]) * UNIT_MS[relative[2]!]!;
      const now = input.now;
      return () => now() - offset;
    }
    const fixed = Date.parse(operand);
    if (Number.isFinite(fixed)) return () => fixed;
  }
  return input.invalid(
    'must be an ISO 8601 date ("2025-01-31T00:00:00Z") or a relative age like "-30d" (units s, m, h, d, w)',
  );
}

/**
 * `before`: the date attribute (ISO string, epoch milliseconds or Date) is earlier than `value`.
 * With a relative `value` ("-30d") it reads "first seen more than 30 days ago": a returning user.
 */
export const beforeOperator: Operator = {
  name: 'before',
  arity: 'value',
  compile(input) {
    const boundary = boundaryOf(input);
    return (value) => timeOf(value) < boundary();
  },
};

/** `after`: the date attribute is later than `value`; with "-30d", a user first seen in the last 30 days (new). */
export const afterOperator: Operator = {
  name: 'after',
  arity: 'value',
  compile(input) {
    const boundary = boundaryOf(input);
    return (value) => timeOf(value) > boundary();
  },
};
