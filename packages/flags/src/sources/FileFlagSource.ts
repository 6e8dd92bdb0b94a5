import { type FSWatcher, readFileSync, statSync, watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { ScheduledTask } from '@ballast/core';
import { FlagDefinitionError } from '../errors/FlagDefinitionError.js';
import { FlagSourceError } from '../errors/FlagSourceError.js';
import type { FlagStore } from '../store/FlagStore.js';
import { applySourceDocument } from './applySourceDocument.js';
import type { FlagLogger } from './FlagLogger.js';

/** Options of {@link watchFlagFile}. */
export interface FileFlagSourceOptions {
  /** Quiet time after a change event before the file is read (editors write in steps). @default 50 */
  readonly debounceMs?: number;
  /**
   * Poll the file's stat at this interval (on the runtime's shared scheduler) instead of using
   * `fs.watch` — for network file systems where change notifications do not arrive.
   * @default undefined (fs.watch)
   */
  readonly pollIntervalMs?: number;
  /** Whether a missing or invalid file at start throws. When false the store starts without it. @default true */
  readonly required?: boolean;
  /** @default console */
  readonly logger?: FlagLogger;
}

/**
 * A JSON flags file applied to a store and watched: a valid edit applies without restart; an
 * invalid one is rejected with a log line and the last good snapshot stays; a deleted file keeps
 * the last snapshot until it is restored. The directory is watched, not the file, so atomic
 * saves (write a temp file, rename over) and delete-then-restore are seen.
 */
export class FileFlagSource {
  /** Layer name in the store and `source` of events: `file:<absolute path>`. */
  readonly source: string;
  readonly path: string;
  readonly #store: FlagStore;
  readonly #logger: FlagLogger;
  readonly #debounceMs: number;
  #watcher: FSWatcher | undefined;
  #pollIntervalMs: number | undefined;
  #stamp = '';
  #pending: ScheduledTask | undefined;
  #lastText: string | undefined;
  #missing = false;
  #closed = false;

  constructor(store: FlagStore, path: string, options: FileFlagSourceOptions = {}) {
    this.path = resolve(path);
    this.source = `file:${this.path}`;
    this.#store = store;
    this.#logger = options.logger ?? console;
    this.#debounceMs = options.debounceMs ?? 50;
    const applied = this.reload();
    if (!applied && options.required !== false) {
      throw new FlagSourceError(
        `flags file ${this.path} could not be loaded at start (see the log line above).`,
      );
    }
    if (options.pollIntervalMs === undefined) {
      const name = basename(this.path);
      try {
        this.#watcher = watch(dirname(this.path), { persistent: false }, (_event, file) => {
          if (file === null || file === name) this.#schedule();
        });
      } catch (error) {
        throw new FlagSourceError(
          `cannot watch the directory of ${this.path}: ${(error as Error).message}`,
          { cause: error },
        );
      }
      this.#watcher.on('error', (error) =>
        this.#sourceError(`watching ${this.path} failed: ${error.message}`, error),
      );
    } else {
      this.#pollIntervalMs = options.pollIntervalMs;
      this.#pending = store.runtime.scheduler.schedule(this.#pollIntervalMs, () => this.#poll());
    }
    store.runtime.onDispose(() => this.close());
  }

  /** Reads and applies the file now; true when the store holds its content afterwards. */
  reload(): boolean {
    this.#stamp = this.#readStamp();
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      this.#missing = code === 'ENOENT';
      const what = this.#missing ? 'is missing' : `cannot be read (${code ?? String(error)})`;
      this.#sourceError(
        `flags file ${this.path} ${what}; keeping snapshot version ${this.#store.snapshot.version}.`,
        error,
      );
      return false;
    }
    if (text === this.#lastText && !this.#missing) return true;
    const change = applySourceDocument(this.#store, this.source, this.path, this.#logger, () =>
      this.#parse(text),
    );
    if (change === undefined) return false;
    this.#lastText = text;
    this.#missing = false;
    this.#logger.info(
      `[ballast/flags] applied ${this.path}: snapshot version ${change.version}, changed [${change.changed.join(', ')}], removed [${change.removed.join(', ')}].`,
    );
    return true;
  }

  #parse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new FlagDefinitionError(
        undefined,
        '',
        `${this.path} is not valid JSON (${(error as Error).message})`,
      );
    }
  }

  /** Stops watching. Also done by `runtime.dispose()`. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#pending?.cancel();
    this.#watcher?.close();
  }

  // Size, modification time and inode: a rename-over changes the inode even when the rest matches.
  #readStamp(): string {
    try {
      const stat = statSync(this.path);
      return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    } catch {
      return 'missing';
    }
  }

  #poll(): void {
    this.#pending = undefined;
    if (this.#closed) return;
    if (this.#readStamp() !== this.#stamp) this.reload();
    this.#pending = this.#store.runtime.scheduler.schedule(this.#pollIntervalMs!, () =>
      this.#poll(),
    );
  }

  #schedule(): void {
    if (this.#closed || this.#pending !== undefined) return;
    this.#pending = this.#store.runtime.scheduler.schedule(this.#debounceMs, () => {
      this.#pending = undefined;
      if (!this.#closed) this.reload();
    });
  }

  #sourceError(message: string, cause: unknown): void {
    this.#logger.warn(`[ballast/flags] ${message}`);
    const events = this.#store.runtime.events;
    if (events.has('flags.sourceError'))
      events.emit('flags.sourceError', { source: this.source, message, cause });
  }
}

/**
 * Loads a JSON flags file into `store` and keeps watching it. Closed by `runtime.dispose()`.
 *
 * @example
 * ```ts
 * const source = watchFlagFile(flagsOf(runtime), './config/flags.json');
 * // edit the file: the next evaluation sees the change; an invalid edit is logged and ignored
 * ```
 */
export function watchFlagFile(
  store: FlagStore,
  path: string,
  options: FileFlagSourceOptions = {},
): FileFlagSource {
  return new FileFlagSource(store, path, options);
}
