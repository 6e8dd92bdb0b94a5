import type { Runtime } from '@ballast/core';
import type { RunbookAction } from './RunbookAction.js';
import type { RunbookCondition } from './RunbookCondition.js';
import type { RunbookStore } from './RunbookStore.js';

/** Options of `createRunbookEngine`. */
export interface RunbookEngineOptions {
  /** Supplies the clock, the scheduler (step timeouts, condition polls) and the event bus. */
  readonly runtime: Runtime;
  /** Where runbooks and executions live: a SQLite file path, or a store opened by the caller. */
  readonly store: string | RunbookStore;
  /** Actions to register at once (see the built-in factories). @default [] */
  // Actions differ in their parameter types; the registry checks them at creation.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly actions?: readonly RunbookAction<any>[];
  /** Conditions to register at once. @default [] */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly conditions?: readonly RunbookCondition<any>[];
  /**
   * Milliseconds between two evaluations of the `SELF_RECOVERY` triggers.
   * @default 1000
   */
  readonly pollIntervalMs?: number;
}

/** Options of `RunbookEngine.execute`. */
export interface ExecuteOptions {
  /** Who starts it (recorded, and passed to actions). @default 'operator' */
  readonly actor?: string;
  /** Why, for the record. @default '' */
  readonly reason?: string;
}
