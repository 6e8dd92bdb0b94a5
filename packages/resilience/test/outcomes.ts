/** Settles `promise` into its value or its error, so outcomes can be compared. */
export function outcomeOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => value,
    (error: unknown) => error,
  );
}

/** A call that never settles on its own. */
export const hang = (): Promise<string> => new Promise<string>(() => undefined);
