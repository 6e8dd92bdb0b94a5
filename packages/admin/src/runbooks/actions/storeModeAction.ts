import type { RunbookAction } from '../RunbookAction.js';

/** What `store.setReadOnly` needs from the user stores. */
export interface StoreModeControl {
  setReadOnly(userId: string, readOnly: boolean, reason: string): unknown;
}

interface StoreModeParams {
  readonly userId: string;
  readonly readOnly: boolean;
}

// The default allow-list of @ballast/store: a bad id is refused when the runbook is created.
const USER_ID = /^[A-Za-z0-9_-]{1,64}$/;

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
export function storeModeAction(stores: StoreModeControl): RunbookAction<StoreModeParams> {
  return {
    name: 'store.setReadOnly',
    description: "Put a user's store read-only, or back to read-write",
    params: {
      fields: { userId: 'user id (letters, digits, _ and -)', readOnly: 'true (default) or false' },
      parse: (read) => {
        const userId = read.requireString('userId');
        if (!USER_ID.test(userId)) read.fail('userId', `a user id matching ${USER_ID}`);
        return { userId, readOnly: read.boolean('readOnly', true) };
      },
    },
    run: async ({ userId, readOnly }, { runbookName, actor }) => {
      await stores.setReadOnly(userId, readOnly, `runbook "${runbookName}" by ${actor}`);
      return { userId, readOnly };
    },
  };
}
