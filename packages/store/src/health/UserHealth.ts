import type { Clock, EventBus } from '@ballast/core';
import {
  StoreBusyError,
  StoreIoError,
  type StoreQuarantinedError,
  StoreReadOnlyError,
} from '../errors/storeErrors.js';
import '../events/storeEvents.js';
import type { UserHandle } from '../pool/UserHandle.js';
import { classifySqliteError, sqliteCode } from '../sqlite/classifySqliteError.js';
import type { StoreStatistics } from '../stores/StoreStatistics.js';

interface ReadOnlyState {
  readonly reason: string;
  readonly since: number;
  nextProbeAt: number;
}

/** Settings of {@link UserHealth}. */
export interface UserHealthSettings {
  readonly clock: Clock;
  readonly events: EventBus;
  readonly stats: StoreStatistics;
  readonly readOnlyProbeMs: number;
  readonly ioErrorThreshold: number;
  /** Quarantines the user and returns the error to throw (see `Quarantine.enter`). */
  readonly quarantine: (userId: string, reason: string, cause: unknown) => StoreQuarantinedError;
}

/**
 * Per-user health: turns SQLite failures into coded errors and state. Read-only mode and
 * quarantine (kept by `Quarantine`) are per user (one sick file never touches another user) and
 * outlive the user's open handle.
 * While read-only, writes fail fast except one probe per `readOnlyProbeMs`, which tries for real;
 * its success ends read-only mode.
 */
export class UserHealth {
  readonly #readOnly = new Map<string, ReadOnlyState>();
  readonly #settings: UserHealthSettings;

  constructor(settings: UserHealthSettings) {
    this.#settings = settings;
  }

  /** Why the user is read-only, if they are. */
  readOnlyReason(userId: string): string | undefined {
    return this.#readOnly.get(userId)?.reason;
  }

  /**
   * Throws {@link StoreReadOnlyError} when the user is read-only and no probe is due. Returns true
   * when this write is a probe that must run on freshly opened connections: a connection that
   * opened its file while it was not writable (immutable, read-only mount) got a read-only file
   * descriptor and answers SQLITE_READONLY for life, even once the file is writable again.
   */
  beforeWrite(userId: string): boolean {
    if (this.#readOnly.size === 0) return false;
    const state = this.#readOnly.get(userId);
    if (state === undefined) return false;
    const now = this.#settings.clock.now();
    if (now < state.nextProbeAt) {
      this.#settings.stats.readOnlyRejections++;
      throw new StoreReadOnlyError(userId, state.reason);
    }
    state.nextProbeAt = now + this.#settings.readOnlyProbeMs;
    return state.reason.startsWith('SQLITE_READONLY');
  }

  /** Notes a successful write: resets the I/O streak and ends read-only mode. */
  afterWrite(handle: UserHandle): void {
    handle.ioErrors = 0;
    if (this.#readOnly.size === 0) return;
    const state = this.#readOnly.get(handle.userId);
    if (state === undefined) return;
    this.#readOnly.delete(handle.userId);
    this.#settings.stats.readOnlyUsers = this.#readOnly.size;
    const { events, clock } = this.#settings;
    if (events.has('store.recovered')) {
      events.emit('store.recovered', {
        userId: handle.userId,
        readOnlyMs: clock.now() - state.since,
      });
    }
  }

  /**
   * The error to throw for `error` raised while using the user's database, after updating the
   * user's state. Errors that are not SQLite failures of the store come back unchanged.
   */
  failure(
    userId: string,
    handle: UserHandle | undefined,
    error: unknown,
    writing: boolean,
  ): unknown {
    const stats = this.#settings.stats;
    switch (classifySqliteError(error)) {
      case 'busy':
        stats.busyErrors++;
        return new StoreBusyError(userId, { cause: error });
      case 'readOnly':
        if (!writing) break;
        return this.enterReadOnly(userId, sqliteCode(error)!, error);
      case 'io':
        if (
          handle !== undefined &&
          writing &&
          ++handle.ioErrors >= this.#settings.ioErrorThreshold
        ) {
          return this.enterReadOnly(userId, sqliteCode(error)!, error);
        }
        stats.ioErrors++;
        return new StoreIoError(userId, { cause: error });
      case 'cantOpen':
        stats.ioErrors++;
        return new StoreIoError(userId, { cause: error });
      case 'corrupt':
        return this.#settings.quarantine(userId, sqliteCode(error)!, error);
      case 'other':
        break;
    }
    return error;
  }

  /**
   * Makes the user read-only for `reason` (a SQLite code, or `FILE_REPLACED`) unless it already
   * is, emitting `store.readOnly`; returns the error to throw.
   */
  enterReadOnly(userId: string, reason: string, cause?: unknown): StoreReadOnlyError {
    const stats = this.#settings.stats;
    stats.readOnlyRejections++;
    const state = this.#readOnly.get(userId);
    if (state !== undefined) return new StoreReadOnlyError(userId, state.reason, { cause });
    const now = this.#settings.clock.now();
    this.#readOnly.set(userId, {
      reason,
      since: now,
      nextProbeAt: now + this.#settings.readOnlyProbeMs,
    });
    stats.readOnlyUsers = this.#readOnly.size;
    const events = this.#settings.events;
    if (events.has('store.readOnly')) events.emit('store.readOnly', { userId, reason });
    return new StoreReadOnlyError(userId, reason, { cause });
  }
}
