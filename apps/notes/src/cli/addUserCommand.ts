import { ApiKeyRegistry } from '../auth/ApiKeyRegistry.js';
import { NotesPaths } from '../app/NotesPaths.js';
import type { NotesOptions } from '../config/NotesConfig.js';
import { readNotesConfig } from '../config/readNotesConfig.js';
import type { CliIo } from './CliIo.js';

/**
 * `notes add-user <id>`: creates an API key for the user and prints it once (only its hash is
 * stored). A running server picks the key up without a restart.
 */
export function addUserCommand(options: NotesOptions, io: CliIo, userId: string): string {
  const config = readNotesConfig(options);
  const key = new ApiKeyRegistry(new NotesPaths(config.dataDir).keys).add(userId);
  io.err.write(`API key for ${userId} (shown once, store it now):\n`);
  io.out.write(`${key}\n`);
  return key;
}
