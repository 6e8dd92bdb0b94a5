import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { DEFAULT_FLAGS } from './defaultFlags.js';
import { readNotesConfig } from './readNotesConfig.js';

describe('readNotesConfig', () => {
  it('fills in defaults that run locally', () => {
    const config = readNotesConfig();
    expect(config).toMatchObject({
      dataDir: path.resolve('.data/notes'),
      host: '127.0.0.1',
      port: 8787,
      durability: 'full',
      bodyLimit: 65_536,
      auth: { maxFailures: 5, windowMs: 60_000 },
      logLevel: 'info',
    });
    expect(config.flagsFile).toBeUndefined();
    expect(config.flags).toEqual(DEFAULT_FLAGS);
  });

  it('resolves paths and keeps valid values', () => {
    const config = readNotesConfig({
      dataDir: 'tmp/x',
      port: 0,
      durability: 'normal',
      flagsFile: 'flags.json',
    });
    expect(config).toMatchObject({
      dataDir: path.resolve('tmp/x'),
      port: 0,
      durability: 'normal',
      flagsFile: path.resolve('flags.json'),
    });
  });

  it.each([
    [{ port: 70_000 }, '"port" must be <= 65535'],
    [{ port: '80' }, '"port" must be an integer'],
    [{ durability: 'fast' }, '"durability" must be one of "normal", "full"'],
    [{ bodyLimit: 0 }, '"bodyLimit" must be >= 1'],
    [{ maxBodyBytes: 10 }, '"maxBodyBytes" is not a known field'],
    [{ logLevel: 'loud' }, '"logLevel" must be one of "error", "warn", "info", "debug"'],
    [{ dataDir: '' }, '"dataDir" must have at least 1 characters'],
    [{ auth: { maxFailures: 0 } }, '"auth.maxFailures" must be >= 1'],
    [{ colour: 'blue' }, '"colour" is not a known field'],
    [
      { flags: { flags: { 'notes.search': { enabled: 'yes' } } } },
      '"flags" is not a valid flags document',
    ],
  ])('refuses %j naming the option', (options, message) => {
    expect(() => readNotesConfig(options as never)).toThrow(message);
  });
});
