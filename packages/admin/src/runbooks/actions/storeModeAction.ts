import { Defaulted } from '@ballast/schema';
import Type from 'typebox';
import type { RunbookAction } from '../RunbookAction.js';

/** What `store.setReadOnly` needs from the user stores. */
export interface StoreModeControl {
  setReadOnly(userId: string, readOnly: boolean, reason: string): unknown;
}

// The default allow-list of @ballast/store: a bad id is refused when the runbook is created.
const params = Type.Object(
  {
    userId: Type.String({
      pattern: '^[A-Za-z0-9_-]{1,64}$',
      description: 'user id (1-64 letters, digits, _ and -)',
    }),
    readOnly: Defaulted(Type.Boolean({ description: 'true (default) or false' }), true),
  },
  { additionalProperties: false },
);

/**
 * `store.setReadOnly`: put one user's store read-only (writes refused, reads served) or back
 * to read-write.
 *
 * @example
 * ```ts
 * engine.registerAction(storeModeAction(storeModes));
 * // step: { action: 'store.setReadOnly', params: { userId: 'u-42', readOnly: true } }
 * ```
 */
export function storeModeAction(stores: StoreModeControl): RunbookAction<typeof params> {
  return {
    name: 'store.setReadOnly',
    description: "Put a user's store read-only, or back to read-write",
    params,
    run: async ({ userId, readOnly }, { runbookName, actor }) => {
      await stores.setReadOnly(userId, readOnly, `runbook "${runbookName}" by ${actor}`);
      return { userId, readOnly };
    },
  };
}
