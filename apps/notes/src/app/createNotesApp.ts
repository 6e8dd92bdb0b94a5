import 'reflect-metadata';
import { flagsOf, watchFlagFile } from '@ballast/flags';
import { useBallast } from '@ballast/inversify';
import { createSafeLogger, setSafeLogLogger } from '@ballast/safe-log';
import { createPrivateFolders, OutboxRelay } from '@ballast/store';
import { Container } from 'inversify';
import { ApiKeyRegistry } from '../auth/ApiKeyRegistry.js';
import type { NotesOptions } from '../config/NotesConfig.js';
import { notesPolicies } from '../config/notesPolicies.js';
import { readNotesConfig } from '../config/readNotesConfig.js';
import { trackStaleReads } from '../http/ReadScope.js';
import { NotesService } from '../services/NotesService.js';
import { NOTES_CONFIG, NOTES_STORES } from '../services/tokens.js';
import { NotesApp } from './NotesApp.js';
import { NotesPaths } from './NotesPaths.js';
import { openNotesData } from './openNotesData.js';

/**
 * Builds the notes service from validated options: an inversify container whose runtime
 * (`useBallast`) weaves the aspects of {@link NotesService} with the policies of the config, a
 * safe logger writing `notes.log` under the data dir, the flags (embedded defaults, optionally a
 * watched file), the per-user stores with the relay to the aggregate. `start()` builds the
 * HTTP server on `@ballast/fastify` and listens.
 *
 * @example
 * ```ts
 * const app = createNotesApp({ dataDir: '/var/lib/notes', port: 0 });
 * await app.start();
 * console.log(app.url);
 * await app.stop();
 * ```
 */
export function createNotesApp(options: NotesOptions = {}): NotesApp {
  const config = readNotesConfig(options);
  const paths = new NotesPaths(config.dataDir);
  createPrivateFolders(config.dataDir); // before the log file: nothing under it is world-readable
  const keys = new ApiKeyRegistry(paths.keys);
  const container = new Container();
  const runtime = useBallast(container, {
    runtimeOptions: { config: { policies: notesPolicies(config) } },
  });
  const logger = createSafeLogger({
    name: 'notes',
    file: paths.log,
    level: config.logLevel,
    runtime,
  });
  setSafeLogLogger(runtime, logger);
  try {
    const flags = flagsOf(runtime);
    flags.load(config.flags, { source: 'embedded' });
    if (config.flagsFile !== undefined) watchFlagFile(flags, config.flagsFile);
    trackStaleReads(runtime.events);
    const data = openNotesData(config, runtime);
    container.bind(NOTES_CONFIG).toConstantValue(config);
    container.bind(NOTES_STORES).toConstantValue(data.stores);
    container.bind(NotesService).toSelf().inSingletonScope();
    const notes = container.get(NotesService);
    const relay = new OutboxRelay({
      stores: data.stores,
      aggregate: data.aggregate,
      intervalMs: config.relayIntervalMs,
      runtime,
    });
    return new NotesApp({ config, container, runtime, logger, data, relay, keys, notes });
  } catch (error) {
    logger.close();
    runtime.dispose();
    throw error;
  }
}
