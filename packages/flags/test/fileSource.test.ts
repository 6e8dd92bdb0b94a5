import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, type Runtime } from '@ballast/core';
import { FlagSourceError, flagsOf, watchFlagFile } from '../src/index.js';
import { captureLogger, nextEvent } from './nextEvent.js';

const document = (enabled: boolean, allow: string[] = []): string =>
  JSON.stringify({ flags: { checkout: { enabled, allow, fallthrough: { variant: 'on' } } } });

describe('JSON file source', () => {
  let dir: string;
  let path: string;
  let runtime: Runtime;
  let logger: ReturnType<typeof captureLogger>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ballast-flags-'));
    path = join(dir, 'flags.json');
    runtime = createRuntime();
    logger = captureLogger();
  });
  afterEach(() => {
    runtime.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('bootstraps the store from the file', () => {
    writeFileSync(path, document(true));
    watchFlagFile(flagsOf(runtime), path, { logger });
    expect(flagsOf(runtime).isEnabled('checkout')).toBe(true);
    expect(logger.infos[0]).toContain(`applied ${path}: snapshot version 1, changed [checkout]`);
  });

  it('applies a valid edit without a restart', async () => {
    writeFileSync(path, document(true));
    watchFlagFile(flagsOf(runtime), path, { logger, debounceMs: 20 });
    const changed = nextEvent(runtime, 'flags.changed');
    writeFileSync(path, document(false));
    await expect(changed).resolves.toMatchObject({
      source: `file:${path}`,
      changed: ['checkout'],
      version: 2,
    });
    expect(flagsOf(runtime).evaluate('checkout')).toMatchObject({
      value: false,
      reason: 'DISABLED',
    });
  });

  it('rejects invalid JSON with a log line and keeps the last good snapshot', async () => {
    writeFileSync(path, document(true));
    watchFlagFile(flagsOf(runtime), path, { logger, debounceMs: 20 });
    const rejected = nextEvent(runtime, 'flags.rejected');
    writeFileSync(path, '{ "flags": { "checkout": { "enabled": fals');
    await expect(rejected).resolves.toMatchObject({ source: `file:${path}` });
    expect(flagsOf(runtime).isEnabled('checkout')).toBe(true);
    expect(flagsOf(runtime).snapshot.version).toBe(1);
    expect(logger.warnings.at(-1)).toMatch(
      new RegExp(
        `rejected ${path} \\(BALLAST_ERR_FLAG_DEFINITION\\): .*is not valid JSON.*Keeping snapshot version 1\\.`,
      ),
    );
  });

  it('rejects an invalid definition naming the flag and field, and applies the next valid edit', async () => {
    writeFileSync(path, document(true));
    watchFlagFile(flagsOf(runtime), path, { logger, debounceMs: 20 });
    const rejected = nextEvent(runtime, 'flags.rejected');
    writeFileSync(
      path,
      JSON.stringify({
        flags: { checkout: { enabled: true, fallthrough: { rollout: { percentage: 150 } } } },
      }),
    );
    const { error } = await rejected;
    expect({ flag: error.flag, field: error.field }).toEqual({
      flag: 'checkout',
      field: 'fallthrough.rollout.percentage',
    });
    expect(logger.warnings.at(-1)).toContain(
      'flag "checkout", field "fallthrough.rollout.percentage"',
    );
    expect(flagsOf(runtime).statistics.rejectedReloads).toBe(1);

    const changed = nextEvent(runtime, 'flags.changed');
    writeFileSync(path, document(false));
    await changed;
    expect(flagsOf(runtime).isEnabled('checkout')).toBe(false);
  });

  it('keeps the snapshot while the file is deleted and applies it again when restored', async () => {
    writeFileSync(path, document(true));
    watchFlagFile(flagsOf(runtime), path, { logger, debounceMs: 20 });
    const missing = nextEvent(runtime, 'flags.sourceError');
    rmSync(path);
    await expect(missing).resolves.toMatchObject({ source: `file:${path}` });
    expect(logger.warnings.at(-1)).toContain(
      `flags file ${path} is missing; keeping snapshot version 1.`,
    );
    expect(flagsOf(runtime).isEnabled('checkout')).toBe(true);

    const restored = nextEvent(runtime, 'flags.changed');
    writeFileSync(path, document(true, ['qa-1']));
    await expect(restored).resolves.toMatchObject({ version: 2, changed: ['checkout'] });
    expect(flagsOf(runtime).snapshot.definition('checkout')?.allow).toEqual(['qa-1']);
  });

  it('sees an atomic save (write a temporary file, rename it over)', async () => {
    writeFileSync(path, document(true));
    watchFlagFile(flagsOf(runtime), path, { logger, debounceMs: 20 });
    const changed = nextEvent(runtime, 'flags.changed');
    writeFileSync(join(dir, 'flags.json.tmp'), document(false));
    renameSync(join(dir, 'flags.json.tmp'), path);
    await changed;
    expect(flagsOf(runtime).isEnabled('checkout')).toBe(false);
  });

  it('polls the file stat on the shared scheduler when asked', async () => {
    writeFileSync(path, document(true));
    watchFlagFile(flagsOf(runtime), path, { logger, pollIntervalMs: 10 });
    const changed = nextEvent(runtime, 'flags.changed');
    writeFileSync(path, document(false, ['someone-longer']));
    await changed;
    expect(flagsOf(runtime).isEnabled('checkout')).toBe(false);
  });

  it('fails at start on a missing required file, with a coded error', () => {
    expect(() => watchFlagFile(flagsOf(runtime), path, { logger })).toThrow(FlagSourceError);
    expect(logger.warnings[0]).toContain('is missing');
  });

  it('fails at start on an invalid file rather than running without flags', () => {
    writeFileSync(path, JSON.stringify({ flags: { checkout: {} } }));
    expect(() => watchFlagFile(flagsOf(runtime), path, { logger })).toThrow(
      /could not be loaded at start/,
    );
    expect(logger.warnings[0]).toContain('flag "checkout", field "enabled"');
  });

  it('starts without an optional file and picks it up once it appears', async () => {
    watchFlagFile(flagsOf(runtime), path, { logger, required: false, debounceMs: 20 });
    expect(flagsOf(runtime).isEnabled('checkout', undefined, true)).toBe(true); // default: unknown flag
    const changed = nextEvent(runtime, 'flags.changed');
    writeFileSync(path, document(false));
    await changed;
    expect(flagsOf(runtime).isEnabled('checkout', undefined, true)).toBe(false);
  });

  it('stops watching when the runtime is disposed', async () => {
    writeFileSync(path, document(true));
    const source = watchFlagFile(flagsOf(runtime), path, { logger, debounceMs: 20 });
    const store = flagsOf(runtime);
    runtime.dispose();
    writeFileSync(path, document(false));
    expect(source.reload()).toBe(true); // an explicit reload still works; only the watcher is gone
    expect(store.isEnabled('checkout')).toBe(false);
  });
});
