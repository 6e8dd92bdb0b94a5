import { rejectLater } from '../aspect/Outcome.js';
import { SyncUnsupportedError } from '../errors/kernelErrors.js';

/**
 * What the kernel knows of one method's kind, shared by every link of its chain and handed to
 * each advice when it is built (`AspectSpec.create`): from metadata at weave time, else learnt
 * from the method's first answer. It decides how a failure that an advice raises before or
 * instead of the method (a refusal, a key function's or a validator's throw) reaches the
 * caller, so no aspect decides it on its own.
 *
 * @example
 * ```ts
 * create: (options, runtime, target, kind) => (invocation, next) =>
 *   gate.closed ? kind.refuse(new GateClosedError()) : next(invocation),
 * ```
 */
export class MethodKind {
  /**
   * true: returns a promise; false: synchronous; undefined: not known yet. Set by the kernel
   * (from metadata, or from the method's first answer); advices only read it.
   */
  async: boolean | undefined;
  /**
   * How a failure is answered while the kind is unknown: a chain with an aspect that needs time
   * can only serve an async method, so it rejects; a chain whose every aspect serves sync
   * methods throws, which a `try/catch` around the call sees whatever the method's kind (a
   * rejected promise handed to a synchronous caller would go unhandled).
   */
  readonly #unknownRejects: boolean;

  constructor(isAsync: boolean | undefined, needsTime: boolean) {
    this.async = isAsync;
    this.#unknownRejects = needsTime;
  }

  /**
   * Fails the call with `error` the way the method fails: a promise rejected with it when the
   * method returns promises (without a throw inside a reaction), the throw itself when it is
   * synchronous, and while the kind is unknown as described on the class. Return what this
   * returns (it throws for a synchronous method).
   */
  refuse(error: unknown): unknown {
    if (this.async ?? this.#unknownRejects) return rejectLater(error);
    throw error;
  }

  /**
   * Answers a synchronous throw from an advice or the method (see {@link MethodKind.refuse});
   * the kernel's `SyncUnsupportedError` says the method is synchronous.
   */
  thrown(error: unknown): unknown {
    if (this.async === undefined && SyncUnsupportedError.is(error)) this.async = false;
    return this.refuse(error);
  }
}
