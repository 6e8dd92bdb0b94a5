import type { AdviceTarget, Next } from '../aspect/Aspect.js';

/** One aspect of a chain, as a {@link ChainInstrument} sees it. */
export interface ChainAspect {
  /** The aspect's name (`Retry`). */
  readonly name: string;
  /**
   * Its validated options when the chain was built (a named policy's as resolved then): e.g.
   * the `name` under which it reports statistics and events.
   */
  readonly options: unknown;
}

/**
 * Wraps the chains a runtime builds: the hook for telemetry such as `@ballast/opentelemetry`'s
 * spans. It runs once per chain, when the chain is built (weave time, or `protect()`), never
 * per call; a method it leaves alone costs nothing, and a wrapped one costs what the wrapper
 * adds. Register it with {@link Runtime.instrument} before the runtime builds chains.
 *
 * @example
 * ```ts
 * const countCalls: ChainInstrument = {
 *   instrument: (chain, target) => (invocation) => {
 *     calls.set(target.qualifiedName, (calls.get(target.qualifiedName) ?? 0) + 1);
 *     return chain(invocation);
 *   },
 * };
 * runtime.instrument(countCalls);
 * ```
 */
export interface ChainInstrument {
  /**
   * Returns the chain to run for `target`: `chain` itself to leave the method alone, or a
   * function that calls it. The chain runs every aspect of the call, so the wrapper sees the
   * call's final outcome and, around it, the whole call.
   *
   * @param aspects - the method's aspects and their options, outermost first.
   */
  instrument(chain: Next, target: AdviceTarget, aspects: readonly ChainAspect[]): Next;
}
