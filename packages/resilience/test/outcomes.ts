import { jest } from '@jest/globals';

/** Settles `promise` into its value or its error, so outcomes can be compared. */
export function outcomeOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => value,
    (error: unknown) => error,
  );
}

/** A call that never settles on its own. */
export const hang = (): Promise<string> => new Promise<string>(() => undefined);

/**
 * The error `promise` rejects with once fake time has run `ms` forward (undefined if it did not
 * reject), wrapped: a promise resolved with the error itself would read its `then`, which a
 * hostile error (a proxy, a throwing getter) may not allow.
 */
export async function rejectionAfter(
  promise: Promise<unknown>,
  ms: number,
): Promise<{ readonly error: unknown }> {
  let error: unknown;
  const settled = promise.catch((reason: unknown) => {
    error = reason;
  });
  await jest.advanceTimersByTimeAsync(ms);
  await settled;
  return { error };
}
