import type { MigrateAllResult } from '@ballast/store';
import { openNotesData } from '../app/openNotesData.js';
import type { NotesOptions } from '../config/NotesConfig.js';
import { readNotesConfig } from '../config/readNotesConfig.js';
import type { CliIo } from './CliIo.js';
import { ProgressBar } from './ProgressBar.js';

/**
 * `notes migrate --all`: brings every user's database to the current schema, with a progress
 * bar fed by the store's `store.migrate.progress` events. Resumable: users already current cost
 * one pragma read; a failing user is listed and the others go on.
 */
export async function migrateCommand(options: NotesOptions, io: CliIo): Promise<MigrateAllResult> {
  const config = readNotesConfig(options);
  const data = openNotesData(config);
  const bar = new ProgressBar(io.err, 'migrate');
  const unsubscribe = data.stores.events.on('store.migrate.progress', (event) =>
    bar.update(event.done, event.total, event.userId),
  );
  try {
    const result = await data.stores.migrateAll();
    io.out.write(
      `Migrated ${result.migrated} of ${result.total} users (${result.current} already current, ` +
        `${result.quarantined} quarantined, ${result.failed.length} failed).\n`,
    );
    for (const failure of result.failed)
      io.out.write(`  failed ${failure.userId}: ${failure.error.message}\n`);
    return result;
  } finally {
    unsubscribe();
    data.aggregate.close();
    data.stores.close();
  }
}
