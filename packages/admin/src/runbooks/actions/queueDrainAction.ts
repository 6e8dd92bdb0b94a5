import Type from 'typebox';
import type { RunbookAction } from '../RunbookAction.js';

/**
 * What `queue.drain` needs: empty a named queue, honouring `signal` (aborted when the step
 * times out), and say what happened (e.g. how many messages were handled).
 */
export interface QueueControl {
  drain(queue: string, signal: AbortSignal): unknown;
}

const params = Type.Object(
  { queue: Type.String({ minLength: 1, description: 'queue name' }) },
  { additionalProperties: false },
);

/**
 * `queue.drain`: drain a queue (deliver or discard what waits in it, per the queue's own rule).
 * Its result is recorded as the step's output.
 *
 * @example
 * ```ts
 * engine.registerAction(queueDrainAction({ drain: (name, signal) => outbox.drain(name, signal) }));
 * // step: { action: 'queue.drain', params: { queue: 'alerts' }, timeoutSeconds: 120 }
 * ```
 */
export function queueDrainAction(queues: QueueControl): RunbookAction<typeof params> {
  return {
    name: 'queue.drain',
    description: 'Drain a queue',
    params,
    run: async ({ queue }, { signal }) => ({
      queue,
      result: (await queues.drain(queue, signal)) ?? null,
    }),
  };
}
