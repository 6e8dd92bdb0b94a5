import path from 'node:path';
import { ConfigError } from '@ballast/core';
import { readFlagsDocument } from '@ballast/flags';
import { parseConfig } from '@ballast/schema';
import { type NotesConfig, NotesConfigSchema, type NotesOptions } from './NotesConfig.js';

/**
 * Validates the notes settings against {@link NotesConfigSchema}, fills in the defaults and
 * resolves the paths. A bad value throws one `ConfigError` (`BALLAST_ERR_CONFIG`) naming each
 * field and what is allowed; unknown options are refused.
 *
 * @example
 * ```ts
 * const config = readNotesConfig({ dataDir: '/var/lib/notes', port: 8080 });
 * ```
 */
export function readNotesConfig(options: NotesOptions | undefined = {}): NotesConfig {
  const config = parseConfig(NotesConfigSchema, options, 'notes config');
  try {
    readFlagsDocument(config.flags);
  } catch (error) {
    throw new ConfigError(
      `notes config: "flags" is not a valid flags document: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return Object.freeze({
    ...config,
    dataDir: path.resolve(config.dataDir),
    ...(config.flagsFile === undefined ? {} : { flagsFile: path.resolve(config.flagsFile) }),
  });
}
