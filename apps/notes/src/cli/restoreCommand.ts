import path from 'node:path';
import { OutboxRelay } from '@ballast/store';
import { openNotesData } from '../app/openNotesData.js';
import type { NotesOptions } from '../config/NotesConfig.js';
import { readNotesConfig } from '../config/readNotesConfig.js';
import type { CliIo } from './CliIo.js';

/**
 * `notes restore <user> <file>`: replaces the user's database with a backup (checked first) and
 * lifts a quarantine, then resyncs the user's documents in the aggregate. A running server lets
 * go of the user when asked and serves the restored notes at once; when it does not within
 * `lockWaitMs`, the command fails with `BALLAST_ERR_STORE_LOCKED` and nothing changed.
 */
export async function restoreCommand(
  options: NotesOptions,
  io: CliIo,
  userId: string,
  file: string,
): Promise<void> {
  const config = readNotesConfig(options);
  const data = openNotesData(config);
  try {
    const source = path.resolve(file);
    await data.stores.restore(userId, source);
    const relay = new OutboxRelay({ stores: data.stores, aggregate: data.aggregate });
    try {
      const documents = relay.resyncUser(userId);
      io.out.write(
        `Restored ${userId} from ${source} (${documents} documents resynced to the aggregate).\n`,
      );
    } finally {
      relay.stop();
    }
  } finally {
    data.aggregate.close();
    data.stores.close();
  }
}
