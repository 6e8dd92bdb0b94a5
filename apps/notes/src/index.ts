export { createNotesApp } from './app/createNotesApp.js';
export { NotesApp, type NotesAppParts } from './app/NotesApp.js';
export { NotesPaths } from './app/NotesPaths.js';
export { type NotesData, openNotesData } from './app/openNotesData.js';
export { type ApiKeyInfo, ApiKeyRegistry, type ApiKeyRecord } from './auth/ApiKeyRegistry.js';
export { DEFAULT_FLAGS, SEARCH_FLAG } from './config/defaultFlags.js';
export { type NotesConfig, NotesConfigSchema, type NotesOptions } from './config/NotesConfig.js';
export { NotesPolicy, notesPolicies } from './config/notesPolicies.js';
export { readNotesConfig } from './config/readNotesConfig.js';
export {
  NoteNotFoundError,
  NotesPreconditionRequiredError,
  NotesSearchOffError,
  NotesUnauthorizedError,
} from './errors/notesErrors.js';
export { createNotesServer, type NotesServerParts } from './http/createNotesServer.js';
export { DEGRADED_HEADER } from './http/NotesRoutes.js';
export type { ListNotesOptions, Note, NoteInput, NotePage } from './services/Note.js';
export { NotesService } from './services/NotesService.js';
export { NOTES_CONFIG, NOTES_STORES } from './services/tokens.js';
export { addUserCommand } from './cli/addUserCommand.js';
export { backupCommand } from './cli/backupCommand.js';
export type { CliIo } from './cli/CliIo.js';
export { listKeysCommand, revokeKeyCommand } from './cli/keysCommands.js';
export { migrateCommand } from './cli/migrateCommand.js';
export { ProgressBar } from './cli/ProgressBar.js';
export { restoreCommand } from './cli/restoreCommand.js';
export { runCli, USAGE } from './cli/runCli.js';
export { serveCommand } from './cli/serveCommand.js';
export { type NotesStats, statsCommand } from './cli/statsCommand.js';
