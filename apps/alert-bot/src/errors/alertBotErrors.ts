import { BallastError } from '@ballast/core';

/** An alert submitted through the API or the CLI does not match the schema; `field` says where. */
export class InvalidAlertError extends BallastError {
  override readonly name = 'InvalidAlertError';
  static override readonly code = 'BALLAST_ERR_ALERT_INVALID';
  constructor(
    /** The first field that failed validation (`title`, `labels.env`, `body`, …). */
    readonly field: string,
    /** What the field must be. */
    readonly problem: string,
  ) {
    super(InvalidAlertError.code, `Invalid alert: "${field}" ${problem}.`, { captureStack: false });
  }
}

/** A channel was disabled (its endpoint answered 410 Gone) and has no fallback to carry the alert. */
export class ChannelDisabledError extends BallastError {
  override readonly name = 'ChannelDisabledError';
  static override readonly code = 'BALLAST_ERR_ALERT_CHANNEL_DISABLED';
  constructor(
    readonly channel: string,
    readonly reason: string,
  ) {
    super(
      ChannelDisabledError.code,
      `Channel "${channel}" is disabled (${reason}); re-enable it with "alert-bot enable ${channel}", then "alert-bot replay".`,
      { captureStack: false },
    );
  }
}

/** An inspection check failed: wrong status, too slow, or the expected text is missing from the body. */
export class CheckFailedError extends BallastError {
  override readonly name = 'CheckFailedError';
  static override readonly code = 'BALLAST_ERR_ALERT_CHECK_FAILED';
  constructor(
    readonly target: string,
    readonly reason: string,
  ) {
    super(CheckFailedError.code, `Check "${target}" failed: ${reason}.`, { captureStack: false });
  }
}
