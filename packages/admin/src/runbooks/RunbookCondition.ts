import type { Parsed } from '@ballast/schema';
import type { TObject } from 'typebox';

/** A condition built for one runbook; polled by the engine. */
export interface ConditionProbe {
  /** Whether the condition holds at `now` (runtime clock ms). */
  holds(now: number): boolean;
  /** Releases what the probe subscribed to; called when its runbook changes or the engine closes. */
  dispose?(): void;
}

/**
 * A check on the runtime, polled for `SELF_RECOVERY` runbooks. `params` is its parameters'
 * TypeBox schema, checked at creation. `create` is called once per runbook with the checked
 * parameters and returns a probe that may keep state between polls
 * (e.g. since when a breaker has been open).
 *
 * @example
 * ```ts
 * engine.registerCondition({
 *   name: 'queue.backlogAbove',
 *   description: 'A queue holds more than `size` messages',
 *   params: Type.Object(
 *     { queue: Type.String({ description: 'queue name' }), size: Defaulted(Type.Integer({ minimum: 1, description: 'messages' }), 1000) },
 *     { additionalProperties: false },
 *   ),
 *   create: ({ queue, size }) => ({ holds: () => queues.depth(queue) > size }),
 * });
 * ```
 */
export interface RunbookCondition<S extends TObject = TObject> {
  /** Dotted lower-camel name, e.g. `breaker.openFor`. */
  readonly name: string;
  readonly description: string;
  readonly params: S;
  /** Builds the probe of one runbook from its checked parameters. */
  create(params: Parsed<S>): ConditionProbe;
}
