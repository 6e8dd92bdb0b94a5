import { rejectLater } from '@ballast/core';

/**
 * Refuses a call before its method runs (an open circuit, a passed deadline, a cancelled
 * signal): a rejected promise when the method is known to return one, else thrown, so a
 * synchronous method never hands its caller a rejected promise. A method of unknown kind is
 * known once it has returned a promise.
 */
export function refuse(returnsPromise: boolean | undefined, error: unknown): unknown {
  if (returnsPromise === true) return rejectLater(error);
  throw error;
}
