import type { FlagsDocument } from '@ballast/flags';
import type { LogLevel } from '@ballast/safe-log';
import type { Durability } from '@ballast/store';

/**
 * Settings of the notes service. Every field is optional: the defaults run the service locally
 * (data under `.data/notes`, HTTP on 127.0.0.1:8787). Validated by {@link readNotesConfig}.
 */
export interface NotesOptions {
  /** Folder holding every user's database, the aggregate, the API keys and the log. @default '.data/notes' */
  readonly dataDir?: string;
  /** Address to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** TCP port; 0 picks a free one. @default 8787 */
  readonly port?: number;
  /**
   * `full`: every acknowledged write survives power loss (fsync per commit). `normal`: survives
   * a process crash; a power loss may roll back the last commits. @default 'full'
   */
  readonly durability?: Durability;
  /** Largest request body in bytes; larger ones get 413. @default 65536 */
  readonly maxBodyBytes?: number;
  /** Longest note text in characters. @default 20000 */
  readonly maxTextChars?: number;
  /** Most user databases open at once. @default 200 */
  readonly maxOpenStores?: number;
  /** A user database unused this long is closed, ms. @default 60000 */
  readonly storeIdleMs?: number;
  /** Time limit of one store call, ms (per attempt). @default 2000 */
  readonly storeTimeoutMs?: number;
  /** Calls in total on a busy database (SQLITE_BUSY), the first included. @default 3 */
  readonly busyAttempts?: number;
  /** Failures in a row that open a user's circuit breaker. @default 5 */
  readonly breakerFailures?: number;
  /** How long an open breaker refuses a user's calls before probing, ms. @default 30000 */
  readonly breakerOpenMs?: number;
  /** How old a last-known-good read may be and still be served while a store fails, ms. @default 300000 */
  readonly lastKnownGoodMs?: number;
  /** Reads remembered for last-known-good serving, per read method. @default 10000 */
  readonly lastKnownGoodEntries?: number;
  /** Pause between passes of the relay feeding the aggregate database, ms. @default 1000 */
  readonly relayIntervalMs?: number;
  /** Lowest level written to the log file. @default 'info' */
  readonly logLevel?: LogLevel;
  /** Write a log line for every successful service call, not only failures and slow calls. @default false */
  readonly logCalls?: boolean;
  /** Feature flags (the `notes.search` gray release). @default DEFAULT_FLAGS */
  readonly flags?: FlagsDocument;
  /** A flags JSON file watched for changes, layered over `flags`. @default undefined */
  readonly flagsFile?: string;
}

/** Validated settings: {@link NotesOptions} with every default filled in. */
export interface NotesConfig {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly durability: Durability;
  readonly maxBodyBytes: number;
  readonly maxTextChars: number;
  readonly maxOpenStores: number;
  readonly storeIdleMs: number;
  readonly storeTimeoutMs: number;
  readonly busyAttempts: number;
  readonly breakerFailures: number;
  readonly breakerOpenMs: number;
  readonly lastKnownGoodMs: number;
  readonly lastKnownGoodEntries: number;
  readonly relayIntervalMs: number;
  readonly logLevel: LogLevel;
  readonly logCalls: boolean;
  readonly flags: FlagsDocument;
  readonly flagsFile: string | undefined;
}
