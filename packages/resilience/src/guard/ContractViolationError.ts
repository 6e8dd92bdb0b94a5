import { BallastError } from '@ballast/core';

/** One problem a validator found, with the echoed input redacted (see `@Guard`). */
export interface ContractIssue {
  readonly message: string;
  /** Where in the checked value, e.g. `['address', 'zip']`; empty for the value itself. */
  readonly path: readonly (string | number)[];
}

/** What a {@link ContractViolationError} is about. */
export interface ContractViolation {
  /** The guard's name (`Class.method` by default). */
  readonly policy: string;
  /** What broke its contract: an argument or the result. */
  readonly subject: 'argument' | 'result';
  /** The argument's position, for `subject: 'argument'`. */
  readonly index: number | undefined;
  /** The parameter's name where the method's source tells it. */
  readonly parameter: string | undefined;
  readonly issues: readonly ContractIssue[];
}

function describe(violation: ContractViolation): string {
  const { policy, subject, index, parameter, issues } = violation;
  const what =
    subject === 'result'
      ? 'the result'
      : `argument ${index}${parameter === undefined ? '' : ` (${parameter})`}`;
  const problems = issues
    .map(({ message, path }) => (path.length === 0 ? message : `${message} at ${path.join('.')}`))
    .join('; ');
  return `@Guard on ${policy}: ${what} breaks its contract: ${problems}.`;
}

/**
 * A call broke a `@Guard` contract: an argument failed its check (thrown before the method ran)
 * or the result did (in place of the bad value): `subject`. The message names the argument (position and,
 * where the source tells it, the parameter) and each issue; `issues` has them as data. Strings
 * the validator echoed from the input are replaced by their length. Its `statusCode` is 400 for
 * an argument (the caller's fault) and 500 for the result (the method's).
 *
 * @example
 * ```ts
 * try { await users.rename('u-1', ''); }
 * catch (error) { if (ContractViolationError.is(error)) return reply(400, error.message); }
 * ```
 */
export class ContractViolationError extends BallastError implements ContractViolation {
  override readonly name = 'ContractViolationError';
  static override readonly code = 'BALLAST_ERR_CONTRACT_VIOLATION';
  static override readonly kind = 'permanent';
  /** The caller's input was bad; a broken result contract answers 500 instead (see the constructor). */
  static override readonly httpStatus = 400;
  readonly policy: string;
  readonly subject: 'argument' | 'result';
  readonly index: number | undefined;
  readonly parameter: string | undefined;
  readonly issues: readonly ContractIssue[];

  constructor(violation: ContractViolation) {
    super(ContractViolationError.code, describe(violation));
    this.policy = violation.policy;
    this.subject = violation.subject;
    this.index = violation.index;
    this.parameter = violation.parameter;
    this.issues = violation.issues;
    // A result that breaks its contract is the method's fault, not the caller's.
    if (violation.subject === 'result') this.statusCode = 500;
  }
}
