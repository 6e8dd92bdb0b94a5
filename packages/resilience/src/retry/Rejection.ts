/**
 * A rejected outcome returned from a `then` handler: the derived promise adopts it in one
 * microtask and rejects with `reason`. Fail-fast paths use it instead of `throw`, which inside
 * a promise reaction costs about 1 µs on Node 20 (V8 builds an exception message per throw),
 * and instead of `Promise.reject()`, which pays Node's unhandled-rejection bookkeeping.
 */
export class Rejection {
  constructor(readonly reason: unknown) {}

  then(_onFulfilled: unknown, onRejected: (reason: unknown) => void): void {
    onRejected(this.reason);
  }
}
