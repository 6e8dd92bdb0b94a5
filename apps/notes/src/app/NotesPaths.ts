import path from 'node:path';

/** Where the notes service keeps its files under the data dir. */
export class NotesPaths {
  constructor(readonly dataDir: string) {}

  /** Root of the per-user databases (`users/<shard>/<userId>/user.db`). */
  get users(): string {
    return path.join(this.dataDir, 'users');
  }

  /** The aggregate database all-user statistics read. */
  get aggregate(): string {
    return path.join(this.dataDir, 'aggregate.db');
  }

  /** Hashed API keys. */
  get keys(): string {
    return path.join(this.dataDir, 'keys.json');
  }

  /** The service log (`@SafeLog` lines and request failures). */
  get log(): string {
    return path.join(this.dataDir, 'notes.log');
  }

  /** Default folder of `notes backup`. */
  get backups(): string {
    return path.join(this.dataDir, 'backups');
  }
}
