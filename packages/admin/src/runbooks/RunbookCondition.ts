import type { ParamsSchema } from './ParamsSchema.js';

/** A condition built for one runbook; polled by the engine. */
export interface ConditionProbe {
  /** Whether the condition holds at `now` (runtime clock ms). */
  holds(now: number): boolean;
  /** Releases what the probe subscribed to; called when its runbook changes or the engine closes. */
  dispose?(): void;
}

/**
 * A check on the runtime, polled for `SELF_RECOVERY` runbooks. `create` is called once per
 * runbook with its parsed parameters and returns a probe that may keep state between polls
 * (e.g. since when a breaker has been open).
 *
 * @example
 * ```ts
 * engine.registerCondition({
 *   name: 'queue.backlogAbove',
 *   description: 'A queue holds more than `size` messages',
 *   params: { fields: { queue: 'queue name', size: 'messages' },
 *     parse: (read) => ({ queue: read.requireString('queue'), size: read.number('size', 1000, { min: 1 }) }) },
 *   create: ({ queue, size }) => ({ holds: () => queues.depth(queue) > size }),
 * });
 * ```
 */
export interface RunbookCondition<P = unknown> {
  /** Dotted lower-camel name, e.g. `breaker.openFor`. */
  readonly name: string;
  readonly description: string;
  readonly params: ParamsSchema<P>;
  /** Builds the probe of one runbook from its parsed parameters. */
  create(params: P): ConditionProbe;
}
