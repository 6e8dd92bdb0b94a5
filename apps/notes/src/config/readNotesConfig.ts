import path from 'node:path';
import { ConfigError, OptionsReader } from '@ballast/core';
import { readFlagsDocument, type FlagsDocument } from '@ballast/flags';
import { LOG_LEVELS, type LogLevel } from '@ballast/safe-log';
import { DEFAULT_FLAGS } from './defaultFlags.js';
import type { NotesConfig, NotesOptions } from './NotesConfig.js';

const WHERE = 'notes config';
const LEVELS = Object.keys(LOG_LEVELS) as LogLevel[];
const KEYS = [
  'dataDir',
  'host',
  'port',
  'durability',
  'maxBodyBytes',
  'maxTextChars',
  'maxOpenStores',
  'storeIdleMs',
  'storeTimeoutMs',
  'busyAttempts',
  'breakerFailures',
  'breakerOpenMs',
  'lastKnownGoodMs',
  'lastKnownGoodEntries',
  'relayIntervalMs',
  'logLevel',
  'logCalls',
  'flags',
  'flagsFile',
];

function readFlags(read: OptionsReader): FlagsDocument {
  const raw = read.raw('flags');
  if (raw === undefined) return DEFAULT_FLAGS;
  try {
    readFlagsDocument(raw);
  } catch (error) {
    throw new ConfigError(
      `${WHERE}: option "flags" is not a valid flags document: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return raw as FlagsDocument;
}

/**
 * Validates the notes settings and fills in the defaults. A bad value throws a `ConfigError`
 * (`BALLAST_ERR_CONFIG`) naming the option and what is allowed; unknown options are refused.
 *
 * @example
 * ```ts
 * const config = readNotesConfig({ dataDir: '/var/lib/notes', port: 8080 });
 * ```
 */
export function readNotesConfig(options: NotesOptions | undefined = {}): NotesConfig {
  const read = new OptionsReader(WHERE, options, KEYS);
  const flagsFile = read.has('flagsFile') ? path.resolve(read.string('flagsFile', '')) : undefined;
  return Object.freeze({
    dataDir: path.resolve(read.string('dataDir', '.data/notes')),
    host: read.string('host', '127.0.0.1'),
    port: read.number('port', 8787, { integer: true, min: 0, max: 65_535 }),
    durability: read.oneOf('durability', 'full', ['normal', 'full']),
    maxBodyBytes: read.number('maxBodyBytes', 65_536, { integer: true, min: 256, max: 16_777_216 }),
    maxTextChars: read.number('maxTextChars', 20_000, { integer: true, min: 1, max: 1_000_000 }),
    maxOpenStores: read.number('maxOpenStores', 200, { integer: true, min: 1, max: 100_000 }),
    storeIdleMs: read.number('storeIdleMs', 60_000, { integer: true, min: 0 }),
    storeTimeoutMs: read.number('storeTimeoutMs', 2_000, { integer: true, min: 1, max: 600_000 }),
    busyAttempts: read.number('busyAttempts', 3, { integer: true, min: 1, max: 20 }),
    breakerFailures: read.number('breakerFailures', 5, { integer: true, min: 1, max: 1_000 }),
    breakerOpenMs: read.number('breakerOpenMs', 30_000, { integer: true, min: 1, max: 86_400_000 }),
    lastKnownGoodMs: read.number('lastKnownGoodMs', 300_000, { integer: true, min: 0 }),
    lastKnownGoodEntries: read.number('lastKnownGoodEntries', 10_000, {
      integer: true,
      min: 1,
      max: 10_000_000,
    }),
    relayIntervalMs: read.number('relayIntervalMs', 1_000, {
      integer: true,
      min: 1,
      max: 3_600_000,
    }),
    logLevel: read.oneOf('logLevel', 'info', LEVELS),
    logCalls: read.boolean('logCalls', false),
    flags: readFlags(read),
    flagsFile,
  });
}
