import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Clock, EventBus } from '@ballast/core';
import { StoreQuarantinedError } from '../errors/storeErrors.js';
import '../events/storeEvents.js';
import { createPrivateFile, writePrivateFileAtomically } from '../files/privateFiles.js';
import { checkFile, ensureFolder } from '../files/safePaths.js';
import type { UserLocks } from '../locks/UserLocks.js';
import { QUARANTINE_FOLDER, QUARANTINE_MARKER, type UserPaths } from '../paths/UserPaths.js';
import { folderNameOf } from '../paths/userFolderName.js';
import type { StoreStatistics } from '../stores/StoreStatistics.js';

/** What {@link Quarantine} needs from the store. */
export interface QuarantineSettings {
  readonly paths: UserPaths;
  readonly locks: UserLocks;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly stats: StoreStatistics;
  /** How long moving the files may wait for other processes to let go of them. */
  readonly lockWaitMs: number;
  /** Closes this process's connections to the user. */
  readonly closeUser: (userId: string) => void;
}

interface QuarantineState {
  readonly reason: string;
  /** True once the files are moved and the marker written (by this process or another). */
  onDisk: boolean;
}

/**
 * Quarantined users: refused at once in this process, their folder moved to
 * `root/.quarantine/<folder name>.<time>.<random>/` and a `QUARANTINED.json` marker left in its
 * place, so every process and every restart refuses them too. Moving takes the user's exclusive
 * lock: when another process holds the files, they are moved as soon as it lets go (it is asked
 * to). A marker that disappears (another process restored the user) lifts the quarantine here.
 */
export class Quarantine {
  readonly #users = new Map<string, QuarantineState>();
  readonly #settings: QuarantineSettings;

  constructor(settings: QuarantineSettings) {
    this.#settings = settings;
  }

  /** Why the user is quarantined, if they are (as this process knows). */
  reason(userId: string): string | undefined {
    return this.#users.get(userId)?.reason;
  }

  /**
   * Throws {@link StoreQuarantinedError} while the user is quarantined. A quarantine whose
   * marker is gone from disk was lifted by another process's restore: it is lifted here too.
   */
  check(userId: string): void {
    const state = this.#users.get(userId);
    if (state === undefined) return;
    if (state.onDisk && !this.#hasMarker(userId)) {
      this.lift(userId);
      return;
    }
    throw new StoreQuarantinedError(userId, state.reason);
  }

  /**
   * Reads the marker in the user's folder: the reason it gives, or undefined without one. A
   * marker means the user is quarantined (on disk, by any process): it is recorded here.
   */
  findOnDisk(userId: string): string | undefined {
    const reason = this.#markerReason(userId);
    if (reason !== undefined) this.#record(userId, { reason, onDisk: true });
    return reason;
  }

  /**
   * Quarantines the user and returns the error to throw. With `rescueFrom`, an open connection
   * whose files were replaced, a copy of what it sees is written first (`VACUUM INTO`) beside the
   * quarantine folder, and reported as `rescuedTo`. `movedTo` settles once the files are moved
   * (at once, or when other processes let go of them).
   */
  enter(
    userId: string,
    reason: string,
    cause?: unknown,
    rescueFrom?: Database,
  ): {
    error: StoreQuarantinedError;
    rescuedTo: string | undefined;
    movedTo: Promise<string | undefined>;
  } {
    const known = this.#users.get(userId);
    if (known !== undefined) {
      const error = new StoreQuarantinedError(userId, known.reason, { cause });
      return { error, rescuedTo: undefined, movedTo: Promise.resolve(undefined) };
    }
    const name = `${folderNameOf(userId)}.${this.#settings.clock.now()}.${randomBytes(3).toString('hex')}`;
    const rescuedTo = rescueFrom === undefined ? undefined : this.#rescue(rescueFrom, name);
    const state: QuarantineState = { reason, onDisk: false };
    this.#record(userId, state);
    this.#settings.closeUser(userId);
    const release = this.#settings.locks.tryExclusive(userId);
    let movedTo: Promise<string | undefined>;
    if (release === undefined) {
      movedTo = this.#moveWhenReleased(userId, state, name, rescuedTo);
    } else {
      try {
        const moved = this.#move(userId, state, name);
        this.#emit(userId, state, moved, rescuedTo);
        movedTo = Promise.resolve(moved);
      } finally {
        release();
      }
    }
    return { error: new StoreQuarantinedError(userId, reason, { cause }), rescuedTo, movedTo };
  }

  /** Lifts a quarantine (after a restore, which removed the marker). */
  lift(userId: string): void {
    this.#users.delete(userId);
    this.#settings.stats.quarantinedUsers = this.#users.size;
  }

  #record(userId: string, state: QuarantineState): void {
    this.#users.set(userId, state);
    this.#settings.stats.quarantinedUsers = this.#users.size;
  }

  async #moveWhenReleased(
    userId: string,
    state: QuarantineState,
    name: string,
    rescuedTo: string | undefined,
  ): Promise<string | undefined> {
    let movedTo: string | undefined;
    try {
      const release = await this.#settings.locks.exclusive(userId, this.#settings.lockWaitMs);
      try {
        if (this.#users.get(userId) === state) movedTo = this.#move(userId, state, name);
      } finally {
        release();
      }
    } catch {
      // Another process kept the files; this process refuses the user all the same.
    }
    this.#emit(userId, state, movedTo, rescuedTo);
    return movedTo;
  }

  /** Moves the user's folder aside and leaves the marker; the destination, if the move worked. */
  #move(userId: string, state: QuarantineState, name: string): string | undefined {
    const { paths, clock } = this.#settings;
    const folder = paths.userFolder(userId);
    if (this.#markerReason(userId) !== undefined) {
      state.onDisk = true; // another process quarantined the files first
      return undefined;
    }
    const quarantine = path.join(paths.root, QUARANTINE_FOLDER);
    let movedTo: string | undefined = path.join(quarantine, name);
    try {
      ensureFolder(quarantine);
      renameSync(folder, movedTo);
    } catch {
      movedTo = undefined;
    }
    try {
      ensureFolder(paths.shardFolder(userId));
      ensureFolder(folder);
      writePrivateFileAtomically(
        path.join(folder, QUARANTINE_MARKER),
        JSON.stringify({ reason: state.reason, at: clock.now(), movedTo }),
      );
      state.onDisk = true;
    } catch {
      // The quarantine still holds in this process; the event reports movedTo.
    }
    return movedTo;
  }

  #emit(
    userId: string,
    state: QuarantineState,
    movedTo: string | undefined,
    rescuedTo: string | undefined,
  ): void {
    const events = this.#settings.events;
    if (events.has('store.quarantined'))
      events.emit('store.quarantined', { userId, reason: state.reason, movedTo, rescuedTo });
  }

  #rescue(db: Database, name: string): string | undefined {
    const quarantine = path.join(this.#settings.paths.root, QUARANTINE_FOLDER);
    const target = path.join(quarantine, `${name}.rescued.db`);
    try {
      ensureFolder(quarantine);
      createPrivateFile(target); // VACUUM INTO accepts an empty file, and keeps its mode
      db.prepare('VACUUM INTO ?').run(target);
      return target;
    } catch {
      return undefined;
    }
  }

  #marker(userId: string): string {
    return path.join(this.#settings.paths.userFolder(userId), QUARANTINE_MARKER);
  }

  #hasMarker(userId: string): boolean {
    try {
      return checkFile(this.#marker(userId)) !== undefined;
    } catch {
      return true; // something odd where the marker belongs: keep refusing
    }
  }

  #markerReason(userId: string): string | undefined {
    if (!this.#hasMarker(userId)) return undefined;
    const marker = this.#marker(userId);
    try {
      const parsed = JSON.parse(readFileSync(marker, 'utf8')) as { reason?: unknown };
      return typeof parsed.reason === 'string' ? parsed.reason : 'unknown';
    } catch {
      return 'unknown';
    }
  }
}
