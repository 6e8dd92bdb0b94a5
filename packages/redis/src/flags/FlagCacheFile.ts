import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FlagDefinition, FlagLogger } from '@ballast/flags';

/** A flag's definition with the version Redis gave it. */
export interface StoredFlag {
  readonly definition: FlagDefinition;
  readonly version: number;
}

/** @internal what the cache file holds: a document's revision and its flags. */
export interface CachedFlags {
  readonly revision: number;
  readonly flags: Record<string, StoredFlag>;
}

/**
 * @internal the file where a {@link RedisFlagSource} keeps the last document it read from Redis,
 * so a process that starts while Redis is down still serves the flags. Written atomically
 * (temporary file, then rename); a failure to write or read is logged, never thrown: the
 * flags in memory stay what they are.
 */
export class FlagCacheFile {
  constructor(
    readonly path: string,
    readonly logger: FlagLogger,
  ) {}

  /** Replaces the file with `revision` and `flags`. */
  write(revision: number, flags: ReadonlyMap<string, StoredFlag>): void {
    const text = JSON.stringify({ revision, flags: Object.fromEntries(flags) });
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      const temporary = `${this.path}.${process.pid}.tmp`;
      writeFileSync(temporary, text);
      renameSync(temporary, this.path);
    } catch (error) {
      this.logger.warn(`[ballast/redis] cannot write ${this.path}: ${(error as Error).message}`);
    }
  }

  /** The document last written, or undefined (logged) when there is none to read. */
  read(): CachedFlags | undefined {
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as CachedFlags;
    } catch (error) {
      this.logger.warn(
        `[ballast/redis] no flags from Redis and no cache at ${this.path}: ${(error as Error).message}`,
      );
      return undefined;
    }
  }
}
