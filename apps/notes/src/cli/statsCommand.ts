import { OutboxRelay } from '@ballast/store';
import { openNotesData } from '../app/openNotesData.js';
import type { NotesOptions } from '../config/NotesConfig.js';
import { readNotesConfig } from '../config/readNotesConfig.js';
import { NOTES_COLLECTION } from '../services/Note.js';
import type { CliIo } from './CliIo.js';

/** What `notes stats` reports, from the aggregate database. */
export interface NotesStats {
  readonly users: number;
  readonly notes: number;
  /** Users with the most notes, most first (at most 10). */
  readonly top: readonly { readonly userId: string; readonly count: number }[];
}

/**
 * `notes stats [--catch-up] [--json]`: all-user figures from the aggregate database, which the
 * server's relay keeps up to date. `--catch-up` first relays whatever the user databases hold
 * that the aggregate has not seen (e.g. while the server is down).
 */
export async function statsCommand(
  options: NotesOptions,
  io: CliIo,
  flags: { catchUp?: boolean; json?: boolean } = {},
): Promise<NotesStats> {
  const config = readNotesConfig(options);
  const data = openNotesData(config);
  try {
    if (flags.catchUp === true) {
      const relay = new OutboxRelay({ stores: data.stores, aggregate: data.aggregate });
      try {
        await relay.catchUp();
      } finally {
        relay.stop();
      }
    }
    const perUser = data.aggregate.countByUser(NOTES_COLLECTION);
    const stats: NotesStats = {
      users: perUser.length,
      notes: perUser.reduce((sum, row) => sum + row.count, 0),
      top: [...perUser]
        .sort((a, b) => b.count - a.count || (a.userId < b.userId ? -1 : 1))
        .slice(0, 10),
    };
    if (flags.json === true) {
      io.out.write(`${JSON.stringify(stats)}\n`);
    } else {
      io.out.write(`users with notes  ${stats.users}\nnotes             ${stats.notes}\n`);
      for (const row of stats.top) io.out.write(`  ${row.userId.padEnd(24)} ${row.count}\n`);
    }
    return stats;
  } finally {
    data.aggregate.close();
    data.stores.close();
  }
}
