import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createRuntime, type Runtime } from '@ballast/core';
import { ManualClock } from '@ballast/testing';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogBackend, LogEntry } from '../backend/LogBackend.js';
import { winstonBackend } from '../backend/winstonBackend.js';
import { createSafeLogger } from './createSafeLogger.js';
import { readJsonLines } from '../../test/jsonLines.js';

let dir: string;
let clock: ManualClock;
let runtime: Runtime;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'safe-log-capture-'));
  clock = new ManualClock(Date.UTC(2026, 11, 1, 12, 0, 0));
  runtime = createRuntime({ clock });
});

afterEach(() => {
  runtime.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** The default backend, recording what it was asked to format. */
function recordingBackend(): LogBackend & { entries: LogEntry[] } {
  const inner = winstonBackend();
  const entries: LogEntry[] = [];
  return {
    name: 'recording',
    entries,
    format(entry) {
      entries.push(entry);
      return inner.format(entry);
    },
  };
}

describe('SafeLogger capture', () => {
  it('formats and writes nothing on the calling path', async () => {
    const file = join(dir, 'app.log');
    const backend = recordingBackend();
    const logger = createSafeLogger({ file, runtime, backend });
    for (let i = 0; i < 100; i++) logger.info('order placed', { i });
    expect(backend.entries).toHaveLength(0);
    expect(logger.statistics()).toMatchObject({ queued: 100, written: 0 });
    await logger.idle();
    expect(backend.entries.map((entry) => entry.fields.i)).toEqual([...Array(100).keys()]);
    expect(readJsonLines(file)).toHaveLength(100);
  });

  it('writes the metadata as it was at the call, whatever the caller changes afterwards', async () => {
    const file = join(dir, 'app.log');
    const logger = createSafeLogger({ file, runtime });
    const meta: Record<string, unknown> = { user: 'ann', order: { id: 7, items: ['a'] } };
    logger.info('order placed', meta);
    meta.user = 'bob';
    (meta.order as { id: number; items: string[] }).id = 8;
    (meta.order as { id: number; items: string[] }).items.push('b');
    meta.password = 'hunter2'; // a secret added later is never seen…
    meta.note = 'Bearer abcdefgh'; // …nor one moved under a harmless key
    await logger.idle();
    expect(readJsonLines(file)).toEqual([
      expect.objectContaining({ user: 'ann', order: { id: 7, items: ['a'] } }),
    ]);
    expect(readFileSync(file, 'utf8')).not.toMatch(/hunter2|abcdefgh|password|note/);
  });

  it('redacts what it captured: secret keys, nested values and top-level strings', async () => {
    const file = join(dir, 'app.log');
    const logger = createSafeLogger({ file, runtime });
    logger.warn('login via https://ann:pw@idp.example failed', {
      apiKey: 'k-1',
      header: 'Bearer abcdefgh',
      request: { headers: { authorization: 'Basic xyz' }, url: 'https://u:p@h/x?token=abc' },
    });
    await logger.idle();
    expect(readJsonLines(file)[0]).toMatchObject({
      message: 'login via https://[REDACTED]@idp.example failed',
      apiKey: '[REDACTED]',
      header: 'Bearer [REDACTED]',
      request: {
        headers: { authorization: '[REDACTED]' },
        url: 'https://[REDACTED]@h/x?token=[REDACTED]',
      },
    });
  });

  it('with redaction off, masks nothing but still copies the metadata at the call', async () => {
    const file = join(dir, 'app.log');
    const logger = createSafeLogger({ file, runtime, redaction: false });
    const meta = { password: 'hunter2', note: 'Bearer abcdefgh', order: { id: 7 } };
    logger.info('plain', meta);
    meta.order.id = 8;
    await logger.idle();
    expect(readJsonLines(file)[0]).toMatchObject({
      password: 'hunter2',
      note: 'Bearer abcdefgh',
      order: { id: 7 },
    });
  });

  it('stamps each line with the time of the call, not the time it is written', async () => {
    const file = join(dir, 'app.log');
    const logger = createSafeLogger({ file, runtime });
    const loggedAt = clock.now();
    logger.info('first');
    clock.advance(5_000);
    logger.info('second');
    clock.advance(60_000);
    await logger.idle();
    expect(readJsonLines(file).map((line) => line.timestamp)).toEqual([
      new Date(loggedAt).toISOString(),
      new Date(loggedAt + 5_000).toISOString(),
    ]);
  });

  it('adds the context provider’s fields, read on the calling path, before the metadata', async () => {
    const file = join(dir, 'app.log');
    let tenant = 'acme';
    const logger = createSafeLogger({
      file,
      runtime,
      context: () => ({ tenant, sessionToken: 's-1', via: 'Bearer abcdefgh' }),
    });
    logger.info('first', { tenant: 'from meta wins', n: 1 });
    tenant = 'globex';
    logger.info('second');
    await logger.idle();
    const [first, second] = readJsonLines(file);
    expect(Object.keys(first!)).toEqual([
      'level',
      'message',
      'tenant',
      'sessionToken',
      'via',
      'n',
      'timestamp',
    ]);
    expect(first).toMatchObject({
      tenant: 'from meta wins',
      sessionToken: '[REDACTED]',
      via: 'Bearer [REDACTED]',
    });
    expect(second).toMatchObject({ tenant: 'globex' });
  });

  it('writes the line without the context fields when the provider throws, and counts it', async () => {
    const file = join(dir, 'app.log');
    const logger = createSafeLogger({
      file,
      runtime,
      context: () => {
        throw new Error('tracer gone');
      },
    });
    expect(() => logger.info('still logged', { n: 1 })).not.toThrow();
    await logger.idle();
    expect(readJsonLines(file)).toEqual([
      expect.objectContaining({ message: 'still logged', n: 1 }),
    ]);
    expect(logger.statistics()).toMatchObject({ formatErrors: 1, written: 1, dropped: 0 });
  });

  it('leaves out lines a winston format filters, without counting them as lost', async () => {
    const file = join(dir, 'app.log');
    const winston = (await import('winston')).default;
    const onlyWarnings = winston.format((info) => (info.level === 'warn' ? info : false))();
    const logger = createSafeLogger({
      file,
      runtime,
      backend: winstonBackend({
        format: winston.format.combine(onlyWarnings, winston.format.json()),
      }),
    });
    logger.info('hidden');
    logger.warn('shown');
    await logger.idle();
    expect(readJsonLines(file).map((line) => line.message)).toEqual(['shown']);
    expect(logger.statistics()).toMatchObject({ written: 1, dropped: 0 });
  });
});
