import { readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { ConfigError } from '@ballast/core';
import {
  checkUserId,
  createPrivateFolders,
  InvalidUserIdError,
  lockFile,
  writePrivateFileAtomically,
} from '@ballast/store';
import { generateApiKey, hashSecret, parseApiKey } from './apiKey.js';

/** One stored key: never the key itself, only the hash of its secret. */
export interface ApiKeyRecord {
  readonly keyId: string;
  readonly userId: string;
  readonly secretHash: string;
  readonly createdAt: string;
}

/** What `list()` shows of a key: never its secret or the secret's hash. */
export type ApiKeyInfo = Omit<ApiKeyRecord, 'secretHash'>;

interface KeysFile {
  readonly version: 1;
  readonly keys: readonly ApiKeyRecord[];
}

function isRecord(value: unknown): value is ApiKeyRecord {
  const record = value as Partial<ApiKeyRecord> | null;
  return (
    typeof record?.keyId === 'string' &&
    typeof record.userId === 'string' &&
    typeof record.secretHash === 'string' &&
    /^[0-9a-f]{64}$/.test(record.secretHash)
  );
}

function isValidUserId(userId: string): boolean {
  try {
    checkUserId(userId);
    return true;
  } catch {
    return false;
  }
}

/** Compared against when the key id is unknown, so a miss costs the same as a wrong secret. */
const DUMMY_HASH = Buffer.alloc(32);
/** Longest wait for another process writing the key file (an `add-user` takes milliseconds). */
const LOCK_WAIT_MS = 5_000;

/**
 * The users' API keys, in `keys.json` under the data dir. Every change is a locked
 * read-modify-write (`keys.json.lock`, across processes), written atomically (temp file 0600,
 * fsync, rename, fsync of the folder), so concurrent `notes add-user` runs never drop each
 * other's keys. Lookup is by the key's public id, then a constant-time comparison of the secret's
 * SHA-256. Every lookup notices a changed file (one `stat`), so keys added or revoked by another
 * process apply at once. A key whose user id no longer passes the store's rules matches nobody.
 *
 * @example
 * ```ts
 * const keys = new ApiKeyRegistry('/var/lib/notes/keys.json');
 * const key = keys.add('alice'); // show once; only its hash is kept
 * keys.authenticate(key); // 'alice'
 * ```
 */
export class ApiKeyRegistry {
  readonly file: string;
  #byId = new Map<string, { readonly userId: string; readonly hash: Buffer }>();
  #records: readonly ApiKeyRecord[] = [];
  #version = '';

  constructor(file: string) {
    this.file = file;
    this.#reload();
  }

  /** Creates a key for `userId` (a store user id: `[A-Za-z0-9_-]{1,64}`) and returns it. */
  add(userId: string): string {
    try {
      checkUserId(userId);
    } catch (error) {
      if (!InvalidUserIdError.is(error)) throw error;
      throw new ConfigError((error as Error).message, { cause: error });
    }
    const { key, keyId, secretHash } = generateApiKey();
    const record: ApiKeyRecord = { keyId, userId, secretHash, createdAt: new Date().toISOString() };
    this.#change((records) => [...records, record]);
    return key;
  }

  /** Removes a key by its id (the part after `nk_`); false when there is no such key. */
  revoke(keyId: string): boolean {
    let found = false;
    this.#change((records) => {
      found = records.some((record) => record.keyId === keyId);
      return records.filter((record) => record.keyId !== keyId);
    });
    return found;
  }

  /** Every key's id, user and creation time, oldest first; never a secret. */
  list(): ApiKeyInfo[] {
    this.#reloadIfChanged();
    return this.#records.map(({ keyId, userId, createdAt }) => ({ keyId, userId, createdAt }));
  }

  /** The user a key belongs to, or undefined for a malformed, unknown, wrong or unusable key. */
  authenticate(key: string): string | undefined {
    const parts = parseApiKey(key);
    if (parts === undefined) return undefined;
    this.#reloadIfChanged();
    const entry = this.#byId.get(parts.keyId);
    const presented = Buffer.from(hashSecret(parts.secret), 'hex');
    const matches = timingSafeEqual(presented, entry?.hash ?? DUMMY_HASH);
    return matches && entry !== undefined && isValidUserId(entry.userId) ? entry.userId : undefined;
  }

  /** Users holding at least one key, sorted. */
  users(): string[] {
    this.#reloadIfChanged();
    return [...new Set(this.#records.map((record) => record.userId))].sort();
  }

  /** Applies `edit` to the current records under the cross-process lock, and writes the result. */
  #change(edit: (records: readonly ApiKeyRecord[]) => readonly ApiKeyRecord[]): void {
    createPrivateFolders(path.dirname(this.file));
    const release = lockFile(`${this.file}.lock`, LOCK_WAIT_MS);
    try {
      this.#reload();
      const content: KeysFile = { version: 1, keys: edit(this.#records) };
      writePrivateFileAtomically(this.file, `${JSON.stringify(content, null, 2)}\n`);
      this.#reload();
    } finally {
      release();
    }
  }

  #reloadIfChanged(): void {
    if (versionOf(statSync(this.file, { throwIfNoEntry: false })) !== this.#version) this.#reload();
  }

  #reload(): void {
    const stat = statSync(this.file, { throwIfNoEntry: false });
    if (stat === undefined) {
      this.#records = [];
      this.#byId = new Map();
      this.#version = '';
      return;
    }
    let parsed: KeysFile;
    try {
      parsed = JSON.parse(readFileSync(this.file, 'utf8')) as KeysFile;
    } catch (error) {
      throw new ConfigError(
        `API key file ${this.file} is not readable JSON: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (parsed.version !== 1 || !Array.isArray(parsed.keys) || !parsed.keys.every(isRecord)) {
      throw new ConfigError(
        `API key file ${this.file} must hold { "version": 1, "keys": [{ keyId, userId, secretHash, createdAt }] }.`,
      );
    }
    this.#records = parsed.keys;
    this.#byId = new Map(
      parsed.keys.map((record) => [
        record.keyId,
        { userId: record.userId, hash: Buffer.from(record.secretHash, 'hex') },
      ]),
    );
    this.#version = versionOf(stat);
  }
}

/** What identifies one written version of the file: every write renames a new inode in. */
function versionOf(stat: Stats | undefined): string {
  return stat === undefined ? '' : `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
}
