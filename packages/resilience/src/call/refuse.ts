import { rejectLater, SyncUnsupportedError } from '@ballast/core';

/**
 * Refuses a call on purpose before its method runs (an open circuit, a passed deadline, a
 * cancelled signal): thrown when the method is known to be synchronous, so a sync method never
 * hands its caller a rejected promise; else a rejected promise. A method of unknown kind (no
 * metadata) is known once it has answered: a promise, a plain value, or the kernel's
 * `SyncUnsupportedError` for a sync method under an aspect that needs time ({@link learnKind}).
 * A callback that throws (a key function, a validator) is no refusal: the kernel answers it.
 */
export function refuse(returnsPromise: boolean | undefined, error: unknown): unknown {
  if (returnsPromise === false) throw error;
  return rejectLater(error);
}

/**
 * What a synchronous throw from the rest of the chain says about the method's kind: the
 * kernel's `SyncUnsupportedError` means synchronous; anything else says nothing.
 */
export function learnKind(
  returnsPromise: boolean | undefined,
  error: unknown,
): boolean | undefined {
  return SyncUnsupportedError.is(error) ? false : returnsPromise;
}

/**
 * Refuses a call on purpose before its method runs, for aspects that serve synchronous methods
 * (`@Cache`): a rejected promise only when the method is known to be async, a throw otherwise.
 * A method of unknown kind (no metadata, as under tsx) is then answered in a way a `try/catch`
 * around the call sees whatever its kind, where a rejected promise handed to a synchronous
 * caller would go unnoticed and end the process as an unhandled rejection.
 */
export function refuseUnlessAsync(returnsPromise: boolean | undefined, error: unknown): unknown {
  if (returnsPromise !== true) throw error;
  return rejectLater(error);
}
