import { BallastError, type BallastErrorOptions } from '@ballast/core';

/**
 * A flag definition is invalid. `flag` and `field` name what was wrong (`field` is a JSON path
 * inside the flag, like `rules[1].conditions[0].value`); the message says what is allowed.
 * The snapshot in use is never replaced by an invalid document.
 */
export class FlagDefinitionError extends BallastError {
  override readonly name = 'FlagDefinitionError';
  static override readonly code = 'BALLAST_ERR_FLAG_DEFINITION';
  static override readonly kind = 'config';
  static override readonly httpStatus = 400;
  /** The flag key, or undefined when the document itself is malformed. */
  readonly flag: string | undefined;
  /** The offending field inside the flag (or the document). */
  readonly field: string;

  constructor(
    flag: string | undefined,
    field: string,
    problem: string,
    options?: BallastErrorOptions,
  ) {
    const owner = flag === undefined ? 'flags document' : `flag "${flag}"`;
    const where = field === '' ? owner : `${owner}, field "${field}"`;
    super(FlagDefinitionError.code, `${where}: ${problem}`, options);
    this.flag = flag;
    this.field = field;
  }
}
