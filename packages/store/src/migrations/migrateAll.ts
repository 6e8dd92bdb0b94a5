import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { StoreQuarantinedError } from '../errors/storeErrors.js';
import type { StoreEngine } from '../stores/StoreEngine.js';
import { listUsers } from '../stores/listUsers.js';

/** Options of `UserStores.migrateAll()`. */
export interface MigrateAllOptions {
  /** Stops after the user in progress; the next run continues where this one stopped. */
  readonly signal?: AbortSignal;
  /** Called once per user, like the `store.migrate.progress` event. */
  readonly onProgress?: (done: number, total: number, userId: string) => void;
}

/** What `migrateAll()` did. */
export interface MigrateAllResult {
  readonly total: number;
  /** Users that had steps applied. */
  readonly migrated: number;
  /** Users already current (one pragma read each). */
  readonly current: number;
  /** Users skipped because they are quarantined. */
  readonly quarantined: number;
  /** Users that failed, with the coded error; the others went on. */
  readonly failed: readonly { readonly userId: string; readonly error: Error }[];
  /** True when the signal stopped the run early. */
  readonly aborted: boolean;
}

/** Yield to the event loop every this many users so timers and signals keep working. */
const BATCH = 32;

/**
 * Migrates every user's main database. Each step commits on its own, so an interrupted run
 * (signal, crash) leaves each database at a whole version and a new run resumes: users already
 * current cost one pragma read. A failing user is reported and skipped.
 */
export async function migrateAll(
  engine: StoreEngine,
  options: MigrateAllOptions = {},
): Promise<MigrateAllResult> {
  const users = listUsers(engine.paths);
  const events = engine.settings.events;
  const failed: { userId: string; error: Error }[] = [];
  let migrated = 0;
  let current = 0;
  let quarantined = 0;
  let done = 0;
  for (const userId of users) {
    if (options.signal?.aborted === true) break;
    let applied = 0;
    let failure: Error | undefined;
    const before = engine.statistics.migrationsApplied;
    if (engine.quarantine.reason(userId) !== undefined) {
      quarantined++;
    } else {
      try {
        // Opening migrates; the connection is closed again unless the user was already in the pool.
        engine.withDatabase(userId, () => undefined);
        applied = engine.statistics.migrationsApplied - before;
        if (applied > 0) migrated++;
        else current++;
      } catch (error) {
        if (StoreQuarantinedError.is(error)) {
          quarantined++;
        } else {
          failure = error instanceof Error ? error : new Error(String(error));
          failed.push({ userId, error: failure });
        }
      }
    }
    done++;
    options.onProgress?.(done, users.length, userId);
    if (events.has('store.migrate.progress')) {
      events.emit('store.migrate.progress', {
        userId,
        done,
        total: users.length,
        applied,
        error: failure,
      });
    }
    if (done % BATCH === 0) await yieldToLoop();
  }
  return {
    total: users.length,
    migrated,
    current,
    quarantined,
    failed,
    aborted: done < users.length,
  };
}
