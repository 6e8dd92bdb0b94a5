import { rejectLater } from '../aspect/Outcome.js';
import { SyncUnsupportedError } from '../errors/kernelErrors.js';

/**
 * What the kernel knows of one method's kind, shared by every link of its chain: from metadata
 * at weave time, else learnt from the method's first answer. It decides how a synchronous throw
 * from an advice (a key function, a validator, an aspect's own bug) or from the method reaches
 * the caller, so no aspect decides it on its own.
 */
export class MethodKind {
  /** true: returns a promise; false: synchronous; undefined: not known yet. */
  async: boolean | undefined;
  /**
   * How a throw is answered while the kind is unknown: a chain with an aspect that needs time
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
   * Answers a synchronous throw as the method answers: a rejected promise for an async method
   * (without a throw inside a reaction), the throw itself for a sync one. The kernel's
   * `SyncUnsupportedError` says the method is synchronous.
   */
  thrown(error: unknown): unknown {
    if (this.async === undefined && SyncUnsupportedError.is(error)) this.async = false;
    if (this.async ?? this.#unknownRejects) return rejectLater(error);
    throw error;
  }
}
