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
      maxBodyBytes: 65_536,
      logLevel: 'info',
      flagsFile: undefined,
    });
    expect(config.flags).toBe(DEFAULT_FLAGS);
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
    [{ port: 70_000 }, 'option "port" must be an integer'],
    [{ port: '80' }, 'option "port"'],
    [{ durability: 'fast' }, 'option "durability" must be one of'],
    [{ maxBodyBytes: 10 }, 'option "maxBodyBytes"'],
    [{ logLevel: 'loud' }, 'option "logLevel" must be one of error, warn, info'],
    [{ dataDir: '' }, 'option "dataDir"'],
    [{ colour: 'blue' }, 'colour'],
    [
      { flags: { flags: { 'notes.search': { enabled: 'yes' } } } },
      'option "flags" is not a valid flags document',
    ],
  ])('refuses %j naming the option', (options, message) => {
    expect(() => readNotesConfig(options as never)).toThrow(message);
  });
});
