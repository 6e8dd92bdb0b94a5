import { readFileSync } from 'node:fs';
import { ConfigError } from '@ballast/core';
import type { NotesOptions } from '../config/NotesConfig.js';

/** Options every command accepts. */
export interface CommonFlags {
  readonly config?: string | undefined;
  readonly 'data-dir'?: string | undefined;
  readonly host?: string | undefined;
  readonly port?: string | undefined;
  readonly durability?: string | undefined;
}

/** `parseArgs` definitions of {@link CommonFlags}. */
export const COMMON_FLAGS = {
  config: { type: 'string' },
  'data-dir': { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  durability: { type: 'string' },
} as const;

/**
 * The service options from a JSON config file (`--config`) overlaid with command-line flags.
 * Validation happens in `readNotesConfig`; this only reads and merges.
 */
export function loadCliOptions(flags: CommonFlags): NotesOptions {
  let fromFile: Record<string, unknown> = {};
  if (flags.config !== undefined) {
    let text: string;
    try {
      text = readFileSync(flags.config, 'utf8');
    } catch (error) {
      throw new ConfigError(
        `Cannot read config file ${flags.config}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    try {
      fromFile = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(
        `Config file ${flags.config} is not valid JSON: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile)) {
      throw new ConfigError(
        `Config file ${flags.config} must hold a JSON object of notes options.`,
      );
    }
  }
  const port =
    flags.port === undefined
      ? undefined
      : /^[0-9]+$/.test(flags.port)
        ? Number(flags.port)
        : flags.port;
  return {
    ...fromFile,
    ...(flags['data-dir'] === undefined ? {} : { dataDir: flags['data-dir'] }),
    ...(flags.host === undefined ? {} : { host: flags.host }),
    ...(port === undefined ? {} : { port: port as number }),
    ...(flags.durability === undefined
      ? {}
      : { durability: flags.durability as 'normal' | 'full' }),
  };
}
