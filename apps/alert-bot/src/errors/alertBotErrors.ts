import { BallastError } from '@ballast/core';
import { describeIssues, type ValidationIssue } from '@ballast/schema';

/**
 * An alert submitted through the API or the CLI does not match the schema; `issues` name each
 * field and what it must be. → 400
 */
export class InvalidAlertError extends BallastError {
  override readonly name = 'InvalidAlertError';
  static override readonly code = 'ALERT_INVALID';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 400;
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(InvalidAlertError.code, `Invalid alert: ${describeIssues(issues)}.`, {
      captureStack: false,
    });
  }
}

/** The intake has a token and the request did not carry it. → 401; the message never says what was sent. */
export class AlertUnauthorizedError extends BallastError {
  override readonly name = 'AlertUnauthorizedError';
  static override readonly code = 'ALERT_UNAUTHORIZED';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 401;
  constructor() {
    super(
      AlertUnauthorizedError.code,
      'This alert bot needs its token: send "Authorization: Bearer <token>" (server.token in its config).',
      { captureStack: false },
    );
  }
}

/** A delivery to the loopback receiver lacks a Standard Webhooks header. → 400 */
export class WebhookUnsignedError extends BallastError {
  override readonly name = 'WebhookUnsignedError';
  static override readonly code = 'ALERT_WEBHOOK_UNSIGNED';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 400;
  constructor() {
    super(
      WebhookUnsignedError.code,
      'Send one webhook-id, webhook-timestamp and webhook-signature header (Standard Webhooks).',
      { captureStack: false },
    );
  }
}

/**
 * A delivery to the loopback receiver has no valid signature, or a timestamp more than five
 * minutes off. → 401; the message never says which.
 */
export class WebhookSignatureError extends BallastError {
  override readonly name = 'WebhookSignatureError';
  static override readonly code = 'ALERT_WEBHOOK_SIGNATURE';
  static override readonly kind = 'permanent';
  static override readonly httpStatus = 401;
  constructor() {
    super(
      WebhookSignatureError.code,
      'The webhook signature does not verify, or its timestamp is more than 5 minutes off.',
      { captureStack: false },
    );
  }
}

/** The outbox could not store an alert: nothing was acknowledged, send it again. → 503 */
export class AlertNotStoredError extends BallastError {
  override readonly name = 'AlertNotStoredError';
  static override readonly code = 'ALERT_NOT_STORED';
  static override readonly kind = 'transient';
  static override readonly httpStatus = 503;
  constructor(cause: unknown) {
    super(AlertNotStoredError.code, 'The alert was not stored; send it again.', {
      cause,
      captureStack: false,
    });
  }
}

/** A channel was disabled (its endpoint answered 410 Gone) and has no fallback to carry the alert. */
export class ChannelDisabledError extends BallastError {
  override readonly name = 'ChannelDisabledError';
  static override readonly code = 'ALERT_CHANNEL_DISABLED';
  static override readonly kind = 'permanent';
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
  static override readonly code = 'ALERT_CHECK_FAILED';
  static override readonly kind = 'transient';
  constructor(
    readonly target: string,
    readonly reason: string,
  ) {
    super(CheckFailedError.code, `Check "${target}" failed: ${reason}.`, { captureStack: false });
  }
}
