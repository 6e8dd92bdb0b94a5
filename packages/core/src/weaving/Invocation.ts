import type { AdviceTarget } from '../aspect/Aspect.js';
import { type Cancellation, currentContext } from '../context/callContext.js';

/** One call travelling through the chain of advice. Allocated once per call. */
export class Invocation {
  /** Attempt number, starting at 1; the retry aspect increments it. */
  attempt = 1;
  /**
   * The caller's cancellation signal: the call context's `signal` when the call starts, or the
   * one given to `protect()` or a policy's `execute()`. Undefined when the caller gave none.
   */
  signal: AbortSignal | undefined;
  /**
   * The running attempt's own cancellation, set by a timing aspect (the timeout's signal,
   * created on demand and linked to `signal`). Methods read it with `currentSignal()` inside a
   * call context; call sites without one (a policy's `execute()`) read it here.
   */
  cancellation: Cancellation | undefined = undefined;

  constructor(
    /** The `this` of the call: the woven instance, or the module for `protectModule()`. */
    readonly instance: unknown,
    /** The call's arguments; an advice may replace them before calling `next`. */
    public args: unknown[],
    /** The method being called. */
    readonly target: AdviceTarget,
  ) {
    this.signal = currentContext()?.signal;
  }
}
