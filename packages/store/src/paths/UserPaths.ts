import path from 'node:path';
import { InvalidUserIdError } from '../errors/storeErrors.js';
import { folderNameOf } from './userFolderName.js';

/**
 * The allow-list user ids must match unless `userIdPattern` says otherwise: 1 to 64 of
 * `A-Z a-z 0-9 _ -`, except the Windows device names (`CON`, `PRN`, `AUX`, `NUL`, `COM0`–`COM9`,
 * `LPT0`–`LPT9`, any case), which no Windows file system lets a folder be called.
 */
export const DEFAULT_USER_ID_PATTERN = /^(?!(?:con|prn|aux|nul|com\d|lpt\d)$)[A-Za-z0-9_-]{1,64}$/i;

/** Name of the main document database inside a user's folder. */
export const MAIN_DATABASE = 'user.db';
/** Marker left in a quarantined user's folder so the quarantine survives restarts. */
export const QUARANTINE_MARKER = 'QUARANTINED.json';
/** Folder under the root receiving quarantined users' files; never a valid shard name. */
export const QUARANTINE_FOLDER = '.quarantine';
/** Folder under the root where processes ask each other to let go of a user's files. */
export const REQUESTS_FOLDER = '.requests';

// Path syntax on any OS, and characters Windows refuses in file names.
const PATH_SYNTAX = /[/\\\0:<>"|?*]/;
// Non-ASCII ids are refused whatever the pattern: file systems fold their case and normalise
// their Unicode differently (APFS, NTFS), so two such ids could share a folder.
const NOT_ASCII = /[^\x20-\x7e]/;

// Longest folder name of a user (capitals count twice, see folderNameOf). File systems take
// names of 255 bytes; the longest name the store derives from it, a rescue copy's journal in the
// quarantine folder, adds 40.
const MAX_FOLDER_NAME_LENGTH = 200;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A copy of `pattern` without `g`/`y`, whose `lastIndex` would make `test()` alternate. */
function statelessPattern(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
}

/**
 * Throws {@link InvalidUserIdError} unless `userId` matches `pattern`, has no path syntax,
 * Windows-reserved or non-ASCII characters and a folder name of at most 200
 * characters (capitals count twice): the rules a store applies before any path is built.
 *
 * @example
 * ```ts
 * checkUserId('alice'); // passes
 * checkUserId('NUL'); // InvalidUserIdError: a Windows device name
 * ```
 */
export function checkUserId(
  userId: unknown,
  pattern: RegExp = DEFAULT_USER_ID_PATTERN,
): asserts userId is string {
  if (typeof userId !== 'string')
    throw new InvalidUserIdError(`A user id must be a string (got ${typeof userId}).`);
  if (!statelessPattern(pattern).test(userId)) {
    throw new InvalidUserIdError(
      `User id ${JSON.stringify(userId.slice(0, 80))} is not allowed: it must match ${pattern}.`,
    );
  }
  if (userId === '.' || userId === '..' || PATH_SYNTAX.test(userId) || NOT_ASCII.test(userId)) {
    throw new InvalidUserIdError(
      `User id ${JSON.stringify(userId)} contains path syntax or characters other than printable ASCII.`,
    );
  }
  if (folderNameOf(userId).length > MAX_FOLDER_NAME_LENGTH) {
    throw new InvalidUserIdError(
      `User id ${JSON.stringify(userId.slice(0, 80))} is too long: its folder name may have at most ${MAX_FOLDER_NAME_LENGTH} characters, capital letters counting twice.`,
    );
  }
}

/**
 * Maps user ids to folders `root/<shard>/<folder name>/`. The folder name is the id written so
 * that ids differing only in case never share a folder, even on a case-insensitive file system
 * (see {@link folderNameOf}). Independently of the pattern (which callers may widen) the folder
 * must sit exactly two levels under the root: traversal cannot escape.
 */
export class UserPaths {
  readonly root: string;
  readonly #pattern: RegExp;
  readonly #shards: number;
  readonly #shardWidth: number;

  constructor(root: string, pattern: RegExp, shards: number) {
    this.root = path.resolve(root);
    this.#pattern = statelessPattern(pattern);
    this.#shards = shards;
    this.#shardWidth = Math.max(1, (shards - 1).toString(16).length);
  }

  /** Throws {@link InvalidUserIdError} unless `userId` is allowed and stays under the root. */
  validate(userId: unknown): asserts userId is string {
    checkUserId(userId, this.#pattern);
    const folder = this.userFolder(userId);
    const shardFolder = path.dirname(folder);
    if (path.dirname(shardFolder) !== this.root || path.basename(folder) !== folderNameOf(userId)) {
      throw new InvalidUserIdError(
        `User id ${JSON.stringify(userId)} resolves outside the store root.`,
      );
    }
  }

  /** The shard folder name of a user: a hash of the id, so users spread evenly. */
  shardOf(userId: string): string {
    return (fnv1a(userId) % this.#shards).toString(16).padStart(this.#shardWidth, '0');
  }

  /** The shard folder of a (validated) user. */
  shardFolder(userId: string): string {
    return path.join(this.root, this.shardOf(userId));
  }

  /** The folder of a (validated) user. */
  userFolder(userId: string): string {
    return path.resolve(this.root, this.shardOf(userId), folderNameOf(userId));
  }

  /**
   * Where releases before the case-safe names kept this user (the id itself), when that differs
   * from {@link UserPaths.userFolder}; such a folder is renamed on first use.
   */
  legacyFolder(userId: string): string | undefined {
    return folderNameOf(userId) === userId
      ? undefined
      : path.join(this.root, this.shardOf(userId), userId);
  }

  /** The user's lock file, beside the user's folder: it must not move when the folder does. */
  lockFile(userId: string): string {
    return path.join(this.root, this.shardOf(userId), `${folderNameOf(userId)}.lock`);
  }

  /** True when `name` could be a shard folder (quarantine and state folders are not). */
  isShardName(name: string): boolean {
    return name.length === this.#shardWidth && /^[0-9a-f]+$/.test(name);
  }

  /** True when `id` passes the allow-list (used when listing folders on disk). */
  isUserId(id: string): boolean {
    try {
      checkUserId(id, this.#pattern);
      return true;
    } catch {
      return false;
    }
  }
}
