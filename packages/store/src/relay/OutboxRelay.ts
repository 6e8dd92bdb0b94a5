import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Scheduler, systemClock, type Runtime, type ScheduledTask } from '@ballast/core';
import { StoreClosedError } from '../errors/storeErrors.js';
import type { UserStores } from '../stores/UserStores.js';
import type { AggregateStore } from './AggregateStore.js';
import type { OutboxEntry } from './OutboxEntry.js';

/** Options of {@link OutboxRelay}. */
export interface OutboxRelayOptions {
  readonly stores: UserStores;
  readonly aggregate: AggregateStore;
  /** Outbox entries applied per transaction. @default 500 */
  readonly batchSize?: number;
  /** Pause between passes once started. @default 1000 */
  readonly intervalMs?: number;
  /** Scheduler to run on (unref'd own scheduler without it); the relay stops when it is disposed. */
  readonly runtime?: Runtime;
}

/** Plain-number counters of a relay. */
export interface OutboxRelayStatistics {
  /** Outbox entries applied to the aggregate (re-applied ones included). */
  applied: number;
  /** User passes that failed (the user is retried on the next pass). */
  failures: number;
  /** Completed passes. */
  passes: number;
}

/**
 * Moves each user's outbox into the aggregate. Per user and batch: read entries after the
 * durable progress marker, apply them with the marker in one aggregate transaction, then delete
 * them from the user's outbox. A crash between the two commits only re-applies entries, which
 * the aggregate ignores (newer version wins), so the relay can be killed at any point.
 * After a restart, {@link OutboxRelay.catchUp} scans every user for what was left.
 *
 * @example
 * ```ts
 * const relay = new OutboxRelay({ stores, aggregate: openAggregateStore({ file }), runtime });
 * await relay.start(); // catch up, then a pass every second
 * ```
 */
export class OutboxRelay {
  readonly statistics: OutboxRelayStatistics = { applied: 0, failures: 0, passes: 0 };
  readonly #stores: UserStores;
  readonly #aggregate: AggregateStore;
  readonly #batchSize: number;
  readonly #intervalMs: number;
  readonly #scheduler: Scheduler;
  readonly #ownScheduler: boolean;
  /** Users with entries left (a full batch, or a failure) to visit on the next pass. */
  readonly #pending = new Set<string>();
  #task: ScheduledTask | undefined;
  #stopped = false;

  constructor(options: OutboxRelayOptions) {
    this.#stores = options.stores;
    this.#aggregate = options.aggregate;
    this.#batchSize = options.batchSize ?? 500;
    this.#intervalMs = options.intervalMs ?? 1000;
    this.#ownScheduler = options.runtime === undefined;
    this.#scheduler = options.runtime?.scheduler ?? new Scheduler(systemClock);
    options.runtime?.onDispose(() => this.stop());
  }

  /** Catches up on every user, then runs a pass every `intervalMs` until {@link OutboxRelay.stop}. */
  async start(): Promise<void> {
    await this.catchUp();
    if (this.#stopped) return;
    const tick = (): void => {
      if (this.#stopped) return;
      this.runOnce();
      this.#task = this.#scheduler.schedule(this.#intervalMs, tick);
    };
    this.#task = this.#scheduler.schedule(this.#intervalMs, tick);
  }

  /** Relays the users written since the last pass (and those left over); returns entries applied. */
  runOnce(): number {
    if (this.#stopped) throw new StoreClosedError('The relay was stopped');
    for (const userId of this.#stores.takeDirtyUsers()) this.#pending.add(userId);
    const users = [...this.#pending];
    this.#pending.clear();
    let applied = 0;
    for (const userId of users) applied += this.relayUser(userId);
    this.statistics.passes++;
    return applied;
  }

  /** Relays every user on disk (after a restart, when the in-memory list of written users is empty). */
  async catchUp(): Promise<number> {
    let applied = 0;
    let visited = 0;
    for (const userId of this.#stores.listUsers()) {
      if (this.#stopped) break;
      applied += this.relayUser(userId);
      if (++visited % 32 === 0) await yieldToLoop();
    }
    return applied;
  }

  /** Relays one user's outbox completely, batch by batch. Failures are counted and retried later. */
  relayUser(userId: string): number {
    let applied = 0;
    try {
      for (;;) {
        const entries = this.#stores.readOutbox(
          userId,
          this.#aggregate.progress(userId),
          this.#batchSize,
        );
        const last = entries.at(-1);
        if (last === undefined) break;
        this.#aggregate.apply(userId, entries);
        this.#stores.acknowledgeOutbox(userId, last.seq);
        applied += entries.length;
        this.statistics.applied += entries.length;
        if (entries.length < this.#batchSize) break;
      }
    } catch {
      // A quarantined user never comes back this way; anything else is worth another try.
      this.statistics.failures++;
      if (this.#stores.quarantineReason(userId) === undefined) this.#pending.add(userId);
    }
    return applied;
  }

  /**
   * Rebuilds a user's part of the aggregate from their database, then relays their outbox. Call
   * it after `stores.restore()`: the restored file is older than what the aggregate holds.
   */
  resyncUser(userId: string): number {
    const documents = this.#stores
      .user(userId)
      .read((db) =>
        db
          .prepare(
            'SELECT 0 AS seq, collection, id, version, body, updated_at AS updatedAt FROM docs',
          )
          .all(),
      ) as OutboxEntry[];
    this.#aggregate.replaceUser(userId, documents);
    return documents.length + this.relayUser(userId);
  }

  /** Stops passes. Idempotent; does not close the stores or the aggregate. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#task?.cancel();
    if (this.#ownScheduler) this.#scheduler.dispose();
  }
}
