import type { AdviceTarget, Next } from '../aspect/Aspect.js';

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
   * @param aspects - names of the method's aspects, outermost first (`['Fallback', 'Retry']`).
   */
  instrument(chain: Next, target: AdviceTarget, aspects: readonly string[]): Next;
}
