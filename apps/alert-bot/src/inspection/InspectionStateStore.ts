import type Database from 'better-sqlite3';
import type { TargetHealth, TargetState } from './TargetHealth.js';

interface Row {
  target: string;
  state: TargetState;
  since: number;
  failures: number;
  last_error: string | null;
  checked_at: number;
}

/**
 * The inspection bot's memory in the bot's database: each target's last state, since when and
 * its failures in a row. A restart during an outage remembers the target is down (no second
 * "down" alert), and a target that recovered while the bot was stopped gets its "up" alert at
 * the first check.
 *
 * @example
 * ```ts
 * const store = new InspectionStateStore(outbox.database);
 * store.save('api', health);
 * store.load().get('api'); // the same health after a restart
 * ```
 */
export class InspectionStateStore {
  readonly #all: Database.Statement<[], Row>;
  readonly #save: Database.Statement<[string, TargetState, number, number, string | null, number]>;

  constructor(db: Database.Database) {
    this.#all = db.prepare('SELECT * FROM inspection_state');
    this.#save =
      db.prepare(`INSERT INTO inspection_state (target, state, since, failures, last_error, checked_at)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (target) DO UPDATE SET state = excluded.state, since = excluded.since,
      failures = excluded.failures, last_error = excluded.last_error, checked_at = excluded.checked_at`);
  }

  /** Every target's remembered health. */
  load(): Map<string, TargetHealth> {
    return new Map(
      this.#all.all().map((row) => [
        row.target,
        {
          state: row.state,
          since: row.since,
          failures: row.failures,
          lastError: row.last_error ?? undefined,
          checkedAt: row.checked_at,
        },
      ]),
    );
  }

  /** Remembers `target`'s health. */
  save(target: string, health: TargetHealth): void {
    this.#save.run(
      target,
      health.state,
      health.since,
      health.failures,
      health.lastError ?? null,
      health.checkedAt,
    );
  }
}
