import path from 'node:path';
import type { BackupResult } from '@ballast/store';
import { openNotesData } from '../app/openNotesData.js';
import type { NotesOptions } from '../config/NotesConfig.js';
import { readNotesConfig } from '../config/readNotesConfig.js';
import type { CliIo } from './CliIo.js';

/**
 * `notes backup <user> [--to file]`: an online copy of the user's database (the server may keep
 * running), by default to `<dataDir>/backups/<user>-<time>.db`.
 */
export async function backupCommand(
  options: NotesOptions,
  io: CliIo,
  userId: string,
  to?: string,
): Promise<BackupResult> {
  const config = readNotesConfig(options);
  const data = openNotesData(config);
  try {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const destination = path.resolve(to ?? path.join(data.paths.backups, `${userId}-${stamp}.db`));
    const result = await data.stores.backup(userId, destination);
    io.out.write(`Backed up ${userId}: ${result.pages} pages to ${result.destination}\n`);
    return result;
  } finally {
    data.aggregate.close();
    data.stores.close();
  }
}
