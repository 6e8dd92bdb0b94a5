import { createNotesApp } from '../app/createNotesApp.js';
import type { NotesApp } from '../app/NotesApp.js';
import type { NotesOptions } from '../config/NotesConfig.js';
import type { CliIo } from './CliIo.js';

/**
 * `notes serve`: starts the service and prints its URL. With `stopOnSignals` (the CLI), SIGINT
 * and SIGTERM stop it cleanly: requests in flight finish, the log is flushed.
 */
export async function serveCommand(
  options: NotesOptions,
  io: CliIo,
  stopOnSignals = false,
): Promise<NotesApp> {
  const app = createNotesApp(options);
  await app.start();
  io.out.write(`notes listening on ${app.url} (data in ${app.config.dataDir})\n`);
  if (stopOnSignals) {
    const stop = (signal: NodeJS.Signals): void => {
      io.err.write(`notes: ${signal}, stopping\n`);
      void app.stop();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  return app;
}
