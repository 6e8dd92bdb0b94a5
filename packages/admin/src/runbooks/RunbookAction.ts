import type { Parsed } from '@ballast/schema';
import type { TObject } from 'typebox';
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
 * An atomic operation a runbook step can name. `params` is its parameters' TypeBox schema:
 * checked when the runbook is created (unknown names refused, each property's `description`
 * listed by the admin API); `run` gets the checked value, defaults filled in. Its result
 * (JSON-serialisable) is recorded as the step's output; a throw fails the step.
 *
 * @example
 * ```ts
 * engine.registerAction({
 *   name: 'cache.clear',
 *   description: 'Empty a named cache',
 *   params: Type.Object({ cache: Type.String({ minLength: 1, description: 'cache name' }) }, { additionalProperties: false }),
 *   run: ({ cache }) => ({ removed: caches.clear(cache) }),
 * });
 * ```
 */
export interface RunbookAction<S extends TObject = TObject> {
  /** Dotted lower-camel name, e.g. `breaker.forceOpen`. */
  readonly name: string;
  /** One line shown by the admin API. */
  readonly description: string;
  readonly params: S;
  /** Does the work; may be async. */
  run(params: Parsed<S>, context: ActionContext): unknown;
}
