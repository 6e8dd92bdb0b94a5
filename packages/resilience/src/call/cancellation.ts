import { CancelledError, type Runtime } from '@ballast/core';

/** Payload of `call.cancelled`: the caller's signal aborted a call at this aspect. */
export interface CallCancelledEvent {
  /** Name of the policy that noticed (its statistics count it as `cancelled`). */
  readonly policy: string;
  /** The aspect that noticed: `Retry`, `Timeout`, `CircuitBreaker`, `Bulkhead`, `RateLimit`, `Hedge` or `Cache`. */
  readonly aspect: string;
}

declare module '@ballast/core' {
  interface BallastEvents {
    /** A call was cancelled by its caller's signal; emitted once, by the aspect that noticed. */
    'call.cancelled': CallCancelledEvent;
  }
}

/** One error per policy name, copied per call (see {@link cancelledError}). */
const templates = new Map<string, CancelledError>();

/**
 * The error a call cancelled at `policy` ends with: `cause` is what it would have ended with
 * otherwise (the signal's reason, or the attempt's error). A `CancelledError` from further in
 * is passed on as it is, and only the aspect that made it announces `call.cancelled`.
 * Cancelling must stay cheap when a whole batch is cancelled at once, so each call gets a light
 * copy of one error per policy (class, code, message and brand inherited) with its own `cause`:
 * constructing an `Error` costs about as much as a whole resilient call.
 */
export function cancelledError(
  runtime: Runtime,
  aspect: string,
  policy: string,
  cause: unknown,
): CancelledError {
  if (CancelledError.is(cause)) return cause;
  if (runtime.events.has('call.cancelled'))
    runtime.events.emit('call.cancelled', { policy, aspect });
  let template = templates.get(policy);
  if (template === undefined) {
    template = new CancelledError(policy);
    templates.set(policy, template);
  }
  const error = Object.create(template) as { cause: unknown };
  error.cause = cause;
  return error as CancelledError;
}
