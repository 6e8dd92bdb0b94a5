import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { ConfigError } from '@ballast/core';
import { DEFAULT_USER_ID_PATTERN } from '@ballast/store';
import { generateApiKey, hashSecret, parseApiKey } from './apiKey.js';

/** One stored key: never the key itself, only the hash of its secret. */
export interface ApiKeyRecord {
  readonly keyId: string;
  readonly userId: string;
  readonly secretHash: string;
  readonly createdAt: string;
}

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

/** Compared against when the key id is unknown, so a miss costs the same as a wrong secret. */
const DUMMY_HASH = Buffer.alloc(32);

/**
 * The users' API keys, in `keys.json` under the data dir (written atomically: temp file,
 * fsync, rename). Lookup is by the key's public id, then a constant-time comparison of the
 * secret's SHA-256. Keys added by another process (`notes add-user` while the server runs) are
 * picked up on the first unknown key id after the file changed.
 *
 * @example
 * ```ts
 * const keys = new ApiKeyRegistry('/var/lib/notes/keys.json');
 * const key = keys.add('alice'); // show once; only its hash is kept
 * keys.authenticate(key);        // 'alice'
 * ```
 */
export class ApiKeyRegistry {
  readonly file: string;
  #byId = new Map<string, { readonly userId: string; readonly hash: Buffer }>();
  #records: readonly ApiKeyRecord[] = [];
  #mtimeMs = -1;

  constructor(file: string) {
    this.file = file;
    this.#reload();
  }

  /** Creates a key for `userId` (a store user id: `[A-Za-z0-9_-]{1,64}`) and returns it. */
  add(userId: string): string {
    if (!DEFAULT_USER_ID_PATTERN.test(userId)) {
      throw new ConfigError(
        `User id ${JSON.stringify(userId)} is not allowed: use 1 to 64 of A-Z a-z 0-9 _ -.`,
      );
    }
    this.#reload();
    const { key, keyId, secretHash } = generateApiKey();
    const record: ApiKeyRecord = { keyId, userId, secretHash, createdAt: new Date().toISOString() };
    this.#write({ version: 1, keys: [...this.#records, record] });
    this.#reload();
    return key;
  }

  /** The user a key belongs to, or undefined for a malformed, unknown or wrong key. */
  authenticate(key: string): string | undefined {
    const parts = parseApiKey(key);
    if (parts === undefined) return undefined;
    let entry = this.#byId.get(parts.keyId);
    if (entry === undefined && this.#changed()) {
      this.#reload();
      entry = this.#byId.get(parts.keyId);
    }
    const presented = Buffer.from(hashSecret(parts.secret), 'hex');
    const matches = timingSafeEqual(presented, entry?.hash ?? DUMMY_HASH);
    return matches && entry !== undefined ? entry.userId : undefined;
  }

  /** Users holding at least one key, sorted. */
  users(): string[] {
    return [...new Set(this.#records.map((record) => record.userId))].sort();
  }

  #changed(): boolean {
    return (statSync(this.file, { throwIfNoEntry: false })?.mtimeMs ?? -1) !== this.#mtimeMs;
  }

  #reload(): void {
    const stat = statSync(this.file, { throwIfNoEntry: false });
    if (stat === undefined) {
      this.#records = [];
      this.#byId = new Map();
      this.#mtimeMs = -1;
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
    this.#mtimeMs = stat.mtimeMs;
  }

  #write(content: KeysFile): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(content, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.file);
  }
}
