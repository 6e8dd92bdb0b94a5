import type { ParamsSchema } from './ParamsSchema.js';
import type { RunbookScene } from './RunbookScene.js';

/** What an action's `run` is told about the step it runs in. */
export interface ActionContext {
  readonly executionId: string;
  readonly runbookId: string;
  readonly runbookName: string;
  readonly scene: RunbookScene;
  /** Index of the step in the runbook (0-based). */
  readonly stepIndex: number;
  /** Who the step acts for: the confirmer of a `preConfirm` step, else who started the run. */
  readonly actor: string;
  /** Aborted when the step times out or the execution is cancelled; pass it to IO. */
  readonly signal: AbortSignal;
}

/**
 * An atomic operation a runbook step can name. Parameters are checked by `params` when the
 * runbook is created; `run` gets the parsed value. Its result (JSON-serialisable) is recorded as
 * the step's output; a throw fails the step.
 *
 * @example
 * ```ts
 * engine.registerAction({
 *   name: 'cache.clear',
 *   description: 'Empty a named cache',
 *   params: { fields: { cache: 'cache name' }, parse: (read) => ({ cache: read.requireString('cache') }) },
 *   run: ({ cache }) => ({ removed: caches.clear(cache) }),
 * });
 * ```
 */
export interface RunbookAction<P = unknown> {
  /** Dotted lower-camel name, e.g. `breaker.forceOpen`. */
  readonly name: string;
  /** One line shown by the admin API. */
  readonly description: string;
  readonly params: ParamsSchema<P>;
  /** Does the work; may be async. */
  run(params: P, context: ActionContext): unknown;
}
