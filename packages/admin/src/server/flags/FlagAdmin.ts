import type { EvaluationResult, FlagContext, FlagStore, FlagValue } from '@ballast/flags';
import { AdminNotFoundError } from '../adminErrors.js';
import type { AdminFleet } from '../fleet/AdminFleet.js';
import type { FlagAuditRecord, FlagChange, PersistentFlagSource } from './PersistentFlagSource.js';

/** Layer the admin API writes to when no persistent source is configured. */
export const ADMIN_FLAG_LAYER = 'admin';

/** One flag as the API lists it. */
export interface FlagEntry {
  readonly key: string;
  readonly enabled: boolean;
  readonly definition: unknown;
  /** Version in the persistent source; `null` when the flag is not stored there. */
  readonly version: number | null;
}

/**
 * Flag operations behind `/api/flags`. With a persistent source every change is written there
 * (validated, versioned, audited with the actor) and the source applies it to the store; without
 * one, changes go to an in-memory `admin` layer of the store and a bounded audit list. With a
 * fleet, switches go to every instance (unless the source reaches them by itself).
 */
export class FlagAdmin {
  readonly #store: FlagStore;
  readonly #source: PersistentFlagSource | undefined;
  readonly #fleet: AdminFleet | undefined;
  readonly #audit: FlagAuditRecord[] = [];
  readonly #auditCapacity: number;

  constructor(
    store: FlagStore,
    source: PersistentFlagSource | undefined,
    fleet?: AdminFleet,
    auditCapacity = 200,
  ) {
    this.#store = store;
    this.#source = source;
    this.#fleet = source?.fleetWide === true ? undefined : fleet;
    this.#auditCapacity = auditCapacity;
  }

  /** True when switches are sent to every instance of a fleet. */
  get fleet(): boolean {
    return this.#fleet !== undefined;
  }

  /** True when changes are persisted. */
  get persistent(): boolean {
    return this.#source !== undefined;
  }

  /** Every flag in the store's snapshot, with its stored version. */
  list(): { readonly version: number; readonly persistent: boolean; readonly flags: FlagEntry[] } {
    const snapshot = this.#store.snapshot;
    const flags = snapshot.keys().map((key) => {
      const definition = snapshot.definition(key)!;
      return {
        key,
        enabled: definition.enabled,
        definition,
        version: this.#source?.get(key)?.version ?? null,
      };
    });
    return { version: snapshot.version, persistent: this.persistent, flags };
  }

  /** Evaluates `key` for `context` (counted like any evaluation). */
  evaluate(key: string, context: FlagContext): EvaluationResult<FlagValue | undefined> {
    return this.#store.evaluate(key, context);
  }

  /** Creates or replaces a flag. Resolves with the stored version (`null` in memory). */
  async put(key: string, definition: unknown, change: FlagChange): Promise<number | null> {
    if (this.#source !== undefined) return this.#source.put(key, definition, change);
    const previous = this.#store.snapshot.definition(key);
    this.#store.set(key, definition, { source: ADMIN_FLAG_LAYER });
    this.#record(key, 'update', definition, previous, change);
    return null;
  }

  /**
   * Switches a flag's kill switch, keeping its rules. A flag defined elsewhere (a file) but not
   * in the persistent source is copied there with the new `enabled`, so the override is stored.
   * With a fleet the switch is sent to every instance instead (audited here; resolves `null`).
   * @throws AdminNotFoundError when no such flag exists.
   */
  async setEnabled(key: string, enabled: boolean, change: FlagChange): Promise<number | null> {
    const stored = this.#source?.get(key);
    const current = stored?.definition ?? this.#store.snapshot.definition(key);
    if (current === undefined) throw new AdminNotFoundError(`No flag "${key}".`);
    if (this.#fleet !== undefined) {
      await this.#fleet.setEnabled(key, enabled, change.actor);
      this.#record(key, 'update', { ...current, enabled }, current, change);
      return null;
    }
    const versioned: FlagChange =
      stored !== undefined && change.expectedVersion === undefined
        ? { ...change, expectedVersion: stored.version }
        : change;
    return this.put(key, { ...current, enabled }, versioned);
  }

  /** Deletes a flag from the source (or the admin layer). */
  async remove(key: string, change: FlagChange): Promise<void> {
    if (this.#source !== undefined) {
      if ((await this.#source.delete(key, change)) === 0)
        throw new AdminNotFoundError(`No stored flag "${key}".`);
      return;
    }
    const previous = this.#store.snapshot.definition(key);
    if (previous === undefined) throw new AdminNotFoundError(`No flag "${key}".`);
    this.#store.remove(key, { source: ADMIN_FLAG_LAYER });
    this.#record(key, 'delete', undefined, previous, change);
  }

  /**
   * Audit history, newest first (of one flag when `key` is given): the source's, and the
   * switches this instance sent to the fleet.
   */
  async history(key?: string, limit = 100): Promise<readonly unknown[]> {
    const local = this.#audit.filter((entry) => key === undefined || entry.key === key);
    if (this.#source === undefined) return local.slice(0, limit);
    const stored = await this.#source.history(key, limit);
    if (local.length === 0) return stored;
    const at = (entry: unknown): string => String((entry as { changedAt?: unknown }).changedAt);
    return [...local, ...stored].sort((a, b) => at(b).localeCompare(at(a))).slice(0, limit);
  }

  #record(
    key: string,
    action: FlagAuditRecord['action'],
    definition: unknown,
    previous: unknown,
    change: FlagChange,
  ): void {
    const changedAt = new Date(this.#store.runtime.clock.now()).toISOString();
    this.#audit.unshift({
      key,
      action,
      definition,
      previous,
      changedBy: change.actor,
      changedAt,
      comment: change.comment,
    });
    if (this.#audit.length > this.#auditCapacity) this.#audit.pop();
  }
}
