import type { Runtime } from '@ballast/core';
import { Defaulted } from '@ballast/schema';
import Type, { type Static } from 'typebox';
import type { RunbookLeases } from './FleetLeases.js';
import type { RunbookAction } from './RunbookAction.js';
import type { RunbookCondition } from './RunbookCondition.js';
import type { RunbookStore } from './RunbookStore.js';

/**
 * Options of `createRunbookEngine`, declared once:
 * - `runtime` (required): supplies the clock, the scheduler (step timeouts, condition polls)
 *   and the event bus.
 * - `store` (required): where runbooks and executions live: a SQLite file path, or a store
 *   opened by the caller.
 * - `actions`, `conditions`: registered at once (see the built-in factories). @default []
 * - `pollIntervalMs`: time between two evaluations of the `SELF_RECOVERY` triggers. @default 1000
 * - `leases`: leases shared by a fleet (`RedisLeases` from `@ballast/redis`): a `SELF_RECOVERY`
 *   runbook then runs on the one instance that takes its lease, once per cool-down for the whole
 *   fleet. @default none (each instance acts for itself)
 */
export const RunbookEngineOptionsSchema = Type.Object(
  {
    runtime: Type.Unsafe<Runtime>({ description: 'the runtime' }),
    store: Type.Union(
      [
        Type.String({ minLength: 1 }),
        Type.Unsafe<RunbookStore>({ type: 'object', description: 'a RunbookStore' }),
      ],
      { description: 'a file path or a RunbookStore' },
    ),
    // Actions differ in their parameter schemas; the registry checks each one.
    actions: Defaulted(Type.Array(Type.Unsafe<RunbookAction>({ description: 'an action' })), []),
    conditions: Defaulted(
      Type.Array(Type.Unsafe<RunbookCondition>({ description: 'a condition' })),
      [],
    ),
    pollIntervalMs: Defaulted(Type.Number({ minimum: 10, maximum: 3_600_000 }), 1_000),
    leases: Type.Optional(
      Type.Unsafe<RunbookLeases>({ description: 'leases shared by a fleet (RedisLeases)' }),
    ),
  },
  { additionalProperties: false },
);

/** Options of `createRunbookEngine` (see {@link RunbookEngineOptionsSchema}). */
export type RunbookEngineOptions = Static<typeof RunbookEngineOptionsSchema>;

/** Options of `RunbookEngine.execute`: `actor` (who starts it) @default 'operator'; `reason` @default ''. */
export const ExecuteOptionsSchema = Type.Object(
  {
    actor: Defaulted(Type.String({ minLength: 1, maxLength: 100 }), 'operator'),
    reason: Defaulted(Type.String({ maxLength: 1_000 }), ''),
  },
  { additionalProperties: false },
);

/** Options of `RunbookEngine.execute`. */
export type ExecuteOptions = Static<typeof ExecuteOptionsSchema>;

/** Options of `RunbookEngine.listExecutions`: `runbookId`, `limit` (1-1000) @default 50. */
export const ListExecutionsOptionsSchema = Type.Object(
  {
    runbookId: Type.Optional(Type.String({ minLength: 1 })),
    limit: Defaulted(Type.Integer({ minimum: 1, maximum: 1_000 }), 50),
  },
  { additionalProperties: false },
);
