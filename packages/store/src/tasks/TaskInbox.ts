import {
  closeSync,
  fsyncSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { OptionsReader, systemClock, type Clock } from '@ballast/core';
import { InvalidDocumentError } from '../errors/storeErrors.js';
import { createPrivateFolders, openNewPrivateFile } from '../files/privateFiles.js';
import { readPathOption } from '../files/readPathOption.js';

/** Options of {@link TaskInbox}. */
export interface TaskInboxOptions {
  /**
   * Holds `inbox/`, `processing/`, `failed/` and `tmp/` (created 0700; task files are 0600); all on
   * one file system so renames are atomic.
   */
  readonly folder: string;
  /** This worker's name (`[A-Za-z0-9_-]{1,64}`), recorded in claimed file names. */
  readonly owner: string;
  /** @default systemClock */
  readonly clock?: Clock;
}

/** A claimed task file, already moved into `processing/`. */
export interface ClaimedTask {
  readonly name: string;
  readonly content: Buffer;
  /** Deletes the file: the task is done. */
  complete(): void;
  /** Moves the file to `failed/` for a person to look at. */
  fail(): void;
}

const NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
const OWNER = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Task files processed move-then-read: a worker first renames a file from `inbox/` into
 * `processing/` (atomic, so exactly one worker wins it) and only then reads it. A crash leaves the
 * file in `processing/`, never half-read in the inbox; {@link TaskInbox.recover} returns files
 * claimed too long ago. Files are submitted through `tmp/` + fsync + rename, so the inbox never
 * holds a partial file.
 *
 * @example
 * ```ts
 * const inbox = new TaskInbox({ folder: '/var/lib/notes/tasks', owner: 'worker-1' });
 * inbox.submit('export-alice.json', JSON.stringify({ user: 'alice' }));
 * const task = inbox.claim();
 * if (task) { run(JSON.parse(task.content.toString())); task.complete(); }
 * ```
 */
export class TaskInbox {
  readonly #dirs: { inbox: string; processing: string; failed: string; tmp: string };
  readonly #owner: string;
  readonly #clock: Clock;

  constructor(options: TaskInboxOptions) {
    const read = new OptionsReader('TaskInbox', options, ['folder', 'owner', 'clock']);
    const folder = readPathOption(read, 'folder', 'the path of the task folder');
    if (typeof options.owner !== 'string' || !OWNER.test(options.owner)) {
      throw new InvalidDocumentError(
        `A task owner must match ${OWNER} (got ${JSON.stringify(options.owner)}).`,
      );
    }
    const root = path.resolve(folder);
    this.#dirs = {
      inbox: path.join(root, 'inbox'),
      processing: path.join(root, 'processing'),
      failed: path.join(root, 'failed'),
      tmp: path.join(root, 'tmp'),
    };
    for (const dir of Object.values(this.#dirs)) createPrivateFolders(dir);
    this.#owner = options.owner;
    this.#clock = options.clock ?? systemClock;
  }

  /** Writes a task file atomically into the inbox. */
  submit(name: string, content: string | Buffer): void {
    checkName(name);
    const staging = path.join(this.#dirs.tmp, `${name}.${process.pid}.${this.#clock.now()}`);
    const fd = openNewPrivateFile(staging);
    try {
      writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(staging, path.join(this.#dirs.inbox, name));
  }

  /** Claims the oldest-named task nobody else claimed first, or undefined when the inbox is empty. */
  claim(): ClaimedTask | undefined {
    for (const name of readdirSync(this.#dirs.inbox).sort()) {
      if (!NAME.test(name)) continue;
      const claimed = path.join(
        this.#dirs.processing,
        `${this.#clock.now()}~${this.#owner}~${name}`,
      );
      try {
        renameSync(path.join(this.#dirs.inbox, name), claimed);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // another worker won it
        throw error;
      }
      const content = readFileSync(claimed);
      const failed = path.join(this.#dirs.failed, name);
      return {
        name,
        content,
        complete: () => rmSync(claimed, { force: true }),
        fail: () => renameSync(claimed, failed),
      };
    }
    return undefined;
  }

  /** Returns files claimed more than `olderThanMs` ago (their worker died) to the inbox; returns how many. */
  recover(olderThanMs: number): number {
    const cutoff = this.#clock.now() - olderThanMs;
    let recovered = 0;
    for (const file of readdirSync(this.#dirs.processing)) {
      const [at, , name] = file.split('~');
      if (name === undefined || !(Number(at) <= cutoff)) continue;
      try {
        renameSync(path.join(this.#dirs.processing, file), path.join(this.#dirs.inbox, name));
        recovered++;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return recovered;
  }
}

function checkName(name: string): void {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new InvalidDocumentError(`A task name must match ${NAME} (got ${JSON.stringify(name)}).`);
  }
}
