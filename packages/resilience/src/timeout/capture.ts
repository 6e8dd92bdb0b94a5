/** @internal resolve function of the last promise built with {@link capture}; read it back at once. */
export let capturedResolve: (value: unknown) => void = () => {};
/** @internal reject function of the last promise built with {@link capture}; read it back at once. */
export let capturedReject: (error: unknown) => void = () => {};

/**
 * @internal a shared executor: `new Promise(capture)` allocates no closure, and the promise's
 * resolving functions are read back from {@link capturedResolve} and {@link capturedReject}.
 */
export function capture(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}
