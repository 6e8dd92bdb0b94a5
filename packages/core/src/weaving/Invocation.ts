import type { AdviceTarget } from '../aspect/Aspect.js';

/** One call travelling through the chain of advice. Allocated once per call. */
export class Invocation {
  /** Attempt number, starting at 1; the retry aspect increments it. */
  attempt = 1;

  constructor(
    /** The `this` of the call: the woven instance, or the module for `protectModule()`. */
    readonly instance: unknown,
    /** The call's arguments; an advice may replace them before calling `next`. */
    public args: unknown[],
    /** The method being called. */
    readonly target: AdviceTarget,
  ) {}
}
