import path from 'node:path';
import { InvalidUserIdError } from '../errors/storeErrors.js';

/** The allow-list user ids must match unless `userIdPattern` says otherwise. */
export const DEFAULT_USER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Name of the main document database inside a user's folder. */
export const MAIN_DATABASE = 'user.db';
/** Marker left in a quarantined user's folder so the quarantine survives restarts. */
export const QUARANTINE_MARKER = 'QUARANTINED.json';
/** Folder under the root receiving quarantined users' files; never a valid shard name. */
export const QUARANTINE_FOLDER = '.quarantine';

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Maps user ids to folders `root/<shard>/<userId>/`. The id must pass the allow-list, and
 * independently of the pattern (which callers may widen) the resolved folder must sit exactly
 * two levels under the root: traversal (`..`, separators, NUL, absolute paths) cannot escape.
 */
export class UserPaths {
  readonly root: string;
  readonly #pattern: RegExp;
  readonly #shards: number;
  readonly #shardWidth: number;

  constructor(root: string, pattern: RegExp, shards: number) {
    this.root = path.resolve(root);
    // A global or sticky regex keeps lastIndex between tests; a fresh copy without them does not.
    this.#pattern = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
    this.#shards = shards;
    this.#shardWidth = Math.max(1, (shards - 1).toString(16).length);
  }

  /** Throws {@link InvalidUserIdError} unless `userId` is allowed and stays under the root. */
  validate(userId: unknown): asserts userId is string {
    if (typeof userId !== 'string')
      throw new InvalidUserIdError(`A user id must be a string (got ${typeof userId}).`);
    if (!this.#pattern.test(userId)) {
      throw new InvalidUserIdError(
        `User id ${JSON.stringify(userId.slice(0, 80))} is not allowed: it must match ${this.#pattern}.`,
      );
    }
    if (userId === '.' || userId === '..' || /[/\\\0:]/.test(userId)) {
      throw new InvalidUserIdError(`User id ${JSON.stringify(userId)} contains path syntax.`);
    }
    const folder = this.userFolder(userId);
    const shardFolder = path.dirname(folder);
    if (path.dirname(shardFolder) !== this.root || path.basename(folder) !== userId) {
      throw new InvalidUserIdError(
        `User id ${JSON.stringify(userId)} resolves outside the store root.`,
      );
    }
  }

  /** The shard folder name of a user: a hash of the id, so users spread evenly. */
  shardOf(userId: string): string {
    return (fnv1a(userId) % this.#shards).toString(16).padStart(this.#shardWidth, '0');
  }

  /** The folder of a (validated) user. */
  userFolder(userId: string): string {
    return path.resolve(this.root, this.shardOf(userId), userId);
  }

  /** True when `name` could be a shard folder (quarantine and state folders are not). */
  isShardName(name: string): boolean {
    return name.length === this.#shardWidth && /^[0-9a-f]+$/.test(name);
  }

  /** True when `name` passes the allow-list (used when listing folders on disk). */
  isUserId(name: string): boolean {
    return this.#pattern.test(name) && name !== '.' && name !== '..';
  }
}
