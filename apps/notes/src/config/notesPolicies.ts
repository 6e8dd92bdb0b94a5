import type { PolicyConfig } from '@ballast/core';
import { ExponentialBackoff } from '@ballast/resilience';
import type { ListNotesOptions } from '../services/Note.js';
import { isNeutralFailure, UNAVAILABLE_CODES } from '../services/storeFailures.js';
import type { NotesConfig } from './NotesConfig.js';

/** Names of the policies the notes service's decorators refer to. */
export const NotesPolicy = Object.freeze({
  timeout: 'notes.store',
  busyRetry: 'notes.busy',
  readBreaker: 'notes.read',
  writeBreaker: 'notes.write',
  lastKnownGood: 'notes.lastKnownGood',
  calls: 'notes.calls',
});

/** Breakers are keyed by the user id, the first argument of every service method. */
const byUser = (args: readonly unknown[]): string => String(args[0]);

/**
 * Key of a remembered read: `get(userId, noteId)` or `list(userId, { after, limit })`. User and
 * note ids cannot hold `/` or `?`, so keys never collide; cheaper than the default JSON of the
 * arguments on the hot path.
 */
const readKey = (args: readonly unknown[]): string => {
  const [userId, second] = args as [string, string | ListNotesOptions | undefined];
  return typeof second === 'string'
    ? `${userId}/${second}`
    : `${userId}?${second?.after ?? ''}&${second?.limit ?? ''}`;
};

function userBreaker(name: string, config: NotesConfig): Record<string, unknown> {
  return {
    name,
    window: 'consecutive',
    consecutiveFailures: config.breakerFailures,
    openDuration: config.breakerOpenMs,
    halfOpenProbes: 1,
    key: byUser,
    ignore: isNeutralFailure,
    maxKeys: Math.max(1_000, config.maxOpenStores * 10),
  };
}

/**
 * The runtime's named policies, built from the validated config, so one place holds every
 * tunable the decorators of `NotesService` use (`@Retry('notes.busy')`, …). Reads and writes
 * have separate per-user breakers: a read-only store fails writes without blocking reads.
 */
export function notesPolicies(config: NotesConfig): PolicyConfig {
  return {
    Timeout: { [NotesPolicy.timeout]: { ms: config.storeTimeoutMs } },
    Retry: {
      [NotesPolicy.busyRetry]: {
        maxAttempts: config.busyAttempts,
        retryOn: 'BALLAST_ERR_STORE_BUSY',
        backoff: new ExponentialBackoff({ initialDelay: 10 }),
        maxDelay: 200,
        onGiveUp: 'rethrow',
      },
    },
    CircuitBreaker: {
      [NotesPolicy.readBreaker]: userBreaker(NotesPolicy.readBreaker, config),
      [NotesPolicy.writeBreaker]: userBreaker(NotesPolicy.writeBreaker, config),
    },
    Fallback: {
      [NotesPolicy.lastKnownGood]: {
        lastKnownGood: {
          maxAge: config.lastKnownGoodMs,
          maxEntries: config.lastKnownGoodEntries,
          key: readKey,
        },
        on: UNAVAILABLE_CODES,
      },
    },
    SafeLog: {
      [NotesPolicy.calls]: { successLevel: config.logCalls ? 'info' : 'off', slowMs: 500 },
    },
  };
}
