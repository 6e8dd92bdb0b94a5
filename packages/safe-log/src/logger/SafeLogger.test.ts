import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ConfigError, createRuntime, type Runtime } from '@ballast/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import winston from 'winston';
import { ManualClock } from '@ballast/testing';
import {
  BlockedSink,
  brokenStream,
  collectingStream,
  SwitchableSink,
  turnsUntil,
} from '../../test/testSinks.js';
import { AlertDeduper } from '../alerts/AlertDeduper.js';
import { winstonBackend } from '../backend/winstonBackend.js';
import { MemoryAlertSink } from '../alerts/MemoryAlertSink.js';
import { setSafeLogLogger } from '../aspect/setSafeLogLogger.js';
import { createSafeLogger } from './createSafeLogger.js';
import { safeLoggerStatistics } from './loggerRegistry.js';
import { readJsonLines } from '../../test/jsonLines.js';

let dir: string;
let clock: ManualClock;
let runtime: Runtime;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'safe-log-'));
  clock = new ManualClock();
  runtime = createRuntime({ clock });
});

afterEach(() => {
  runtime.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('SafeLogger', () => {
  it('writes redacted JSON lines to the file and leaves the caller’s objects untouched', async () => {
    const file = join(dir, 'nested', 'app.log');
    const logger = createSafeLogger({ file, runtime, defaultMeta: { app: 'demo', apiKey: 'k' } });
    const meta = {
      user: 'ann',
      password: 'hunter2',
      headers: { authorization: 'Bearer abcdefgh' },
    };
    logger.info('signed in via https://ann:pw@idp.example', meta);
    expect(await logger.flush(1_000)).toBe(true);
    expect(meta).toEqual({
      user: 'ann',
      password: 'hunter2',
      headers: { authorization: 'Bearer abcdefgh' },
    });
    expect(readJsonLines(file)).toEqual([
      {
        level: 'info',
        message: 'signed in via https://[REDACTED]@idp.example',
        app: 'demo',
        apiKey: '[REDACTED]',
        user: 'ann',
        password: '[REDACTED]',
        headers: { authorization: '[REDACTED]' },
        timestamp: new Date(clock.now()).toISOString(),
      },
    ]);
    expect(logger.statistics()).toMatchObject({ written: 1, dropped: 0, sink: 'primary' });
  });

  it('logs an Error given as metadata under error, and reads winston-style objects without mutating them', async () => {
    const file = join(dir, 'app.log');
    const logger = createSafeLogger({ file, runtime });
    logger.error(
      'payment failed',
      new Error('card declined', { cause: new Error('Bearer abcdefgh rejected') }) as never,
    );
    const fields = { message: 'object style', token: 't' };
    logger.info(fields as never);
    await logger.flush(1_000);
    expect(fields).toEqual({ message: 'object style', token: 't' });
    const [first, second] = readJsonLines(file);
    expect(first).toMatchObject({
      message: 'payment failed',
      error: {
        name: 'Error',
        message: 'card declined',
        cause: { message: 'Bearer [REDACTED] rejected' },
      },
    });
    expect(second).toMatchObject({ message: 'object style', token: '[REDACTED]' });
  });

  it('keeps logging when a format throws, counting the failure', async () => {
    const file = join(dir, 'app.log');
    const explode = winston.format((info) => {
      if (info.message === 'boom') throw new Error('format exploded');
      return info;
    })();
    const logger = createSafeLogger({
      file,
      runtime,
      backend: winstonBackend({ format: winston.format.combine(explode, winston.format.json()) }),
    });
    expect(() => logger.info('boom', { n: 1 })).not.toThrow();
    logger.info('after');
    await logger.flush(1_000);
    const written = readJsonLines(file);
    expect(written.map((line) => line.message)).toEqual(['boom', 'after']);
    expect(written[0]).toMatchObject({ formatError: 'format exploded', n: 1 });
    expect(logger.statistics()).toMatchObject({ formatErrors: 1, written: 2 });
  });

  it('counts lines logged after flush as dropped instead of throwing "write after end"', async () => {
    const logger = createSafeLogger({ file: join(dir, 'app.log'), runtime });
    await logger.flush(1_000);
    expect(() => logger.error('late', { error: new Error('x') })).not.toThrow();
    expect(logger.statistics().dropped).toBe(1);
    await expect(logger.flush(1_000)).resolves.toBe(true);
  });

  it('keeps memory flat when 100,000 lines meet a blocked sink: the queue is capped and the rest counted', async () => {
    const sink = new BlockedSink();
    const err = collectingStream();
    const logger = createSafeLogger({ sink, runtime, queueSize: 1_000, stderr: err.stream });
    for (let i = 0; i < 100_000; i++) logger.info('line', { i });
    expect(sink.writes).toBe(0); // nothing is written on the calling path
    expect(logger.statistics()).toMatchObject({ queued: 1_000, dropped: 99_000, written: 0 });
    await turnsUntil(() => sink.writes > 0);
    expect(sink.writes).toBe(1); // one chunk of 512 lines in flight, never settled
    for (let i = 0; i < 1_000; i++) logger.info('line', { i });
    expect(logger.statistics()).toMatchObject({ queued: 1_000, dropped: 99_000 + 488, written: 0 });
  });

  it('treats a write that never completes as a failure and moves to stderr', async () => {
    const err = collectingStream();
    const sink = new BlockedSink();
    const logger = createSafeLogger({
      sink,
      runtime,
      queueSize: 100,
      writeTimeoutMs: 5_000,
      stderr: err.stream,
    });
    for (let i = 0; i < 10; i++) logger.info('line', { i });
    await turnsUntil(() => sink.writes > 0);
    clock.advance(5_000);
    await logger.idle();
    expect(err.lines.map((line) => line.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(logger.statistics()).toMatchObject({
      sink: 'stderr',
      fallbacks: 1,
      sinkErrors: 1,
      lastError: 'ETIMEDOUT',
      written: 10,
    });
  });

  it('falls back to stderr, re-checks the primary sink and returns to it once it works', async () => {
    const sink = new SwitchableSink();
    const err = collectingStream();
    const logger = createSafeLogger({ sink, runtime, recheckMs: 30_000, stderr: err.stream });
    logger.warn('while broken');
    await logger.idle();
    expect(logger.statistics()).toMatchObject({ sink: 'stderr', fallbacks: 1, sinkErrors: 1 });
    clock.advance(30_000);
    expect(logger.statistics().sink).toBe('stderr'); // still broken: stays on stderr
    sink.healthy = true;
    clock.advance(30_000);
    logger.info('healthy again');
    await logger.idle();
    expect(logger.statistics()).toMatchObject({ sink: 'primary', recoveries: 1 });
    expect(err.lines.map((line) => line.message)).toEqual(['while broken']);
    expect(sink.lines.map((line) => JSON.parse(line).message)).toEqual(['healthy again']);
  });

  it('drops and counts when stderr fails too, and keeps nothing queued', async () => {
    const logger = createSafeLogger({
      sink: new SwitchableSink(),
      runtime,
      stderr: brokenStream(),
    });
    for (let i = 0; i < 1_000; i++) logger.info('x');
    await logger.idle();
    const stats = logger.statistics();
    expect(stats.sink).toBe('none');
    expect(stats.queued).toBe(0);
    expect(stats.dropped).toBe(1_000);
    expect(stats.fallbacks).toBe(2);
  });

  it('gives up a flush after its timeout and counts what was left', async () => {
    const logger = createSafeLogger({
      sink: new BlockedSink(),
      runtime,
      writeTimeoutMs: 60_000,
      stderr: brokenStream(),
    });
    logger.info('a');
    logger.info('b');
    const flushed = logger.flush(2_000);
    clock.advance(2_000);
    await expect(flushed).resolves.toBe(false);
    expect(logger.statistics().dropped).toBe(2);
    expect(clock.pendingTimers).toBe(0);
  });

  it('writes only lines at or above its level', async () => {
    const file = join(dir, 'app.log');
    const logger = createSafeLogger({ file, runtime, level: 'warn' });
    logger.debug('hidden');
    logger.info('hidden');
    logger.warn('shown');
    logger.log('nonsense' as never, 'ignored');
    expect(logger.isLevelEnabled('error')).toBe(true);
    expect(logger.isLevelEnabled('info')).toBe(false);
    await logger.flush(1_000);
    expect(readJsonLines(file).map((line) => line.message)).toEqual(['shown']);
  });

  it('feeds error lines to the alert deduper', () => {
    const sink = new MemoryAlertSink();
    const alerts = new AlertDeduper({ sink, runtime });
    const logger = createSafeLogger({
      sink: new SwitchableSink(),
      runtime,
      stderr: collectingStream().stream,
      alerts,
    });
    logger.error('payment failed', {
      error: Object.assign(new Error('card declined'), { code: 'E_DECLINED' }),
    });
    logger.warn('not an alert');
    expect(sink.alerts).toEqual([
      expect.objectContaining({
        message: 'card declined',
        code: 'E_DECLINED',
        errorName: 'Error',
        source: 'app',
        count: 1,
      }),
    ]);
  });

  it('registers its statistics on the runtime and closes with it', () => {
    const logger = createSafeLogger({
      name: 'audit',
      sink: new SwitchableSink(),
      runtime,
      stderr: collectingStream().stream,
    });
    expect(safeLoggerStatistics(runtime).map((s) => s.name)).toEqual(['audit']);
    expect(clock.pendingTimers).toBe(1); // the re-check timer
    runtime.dispose();
    expect(clock.pendingTimers).toBe(0);
    logger.info('after dispose');
    expect(logger.statistics().dropped).toBe(1);
  });

  it('rejects bad options with a ConfigError naming the option', () => {
    expect(() => createSafeLogger({ queueSize: 0 })).toThrow(ConfigError);
    expect(() => createSafeLogger({ level: 'loud' as never })).toThrow(/option "level"/);
    expect(() => createSafeLogger({ rotation: { maxFiles: -1 } })).toThrow(/maxFiles/);
    expect(() => createSafeLogger({ colour: true } as never)).toThrow(/unknown option "colour"/);
    expect(() => createSafeLogger({ sink: {} as never })).toThrow(/option "sink"/);
    expect(() => createSafeLogger({ backend: 'json' as never })).toThrow(/option "backend"/);
    expect(() => createSafeLogger({ context: {} as never })).toThrow(/option "context"/);
    expect(() => createSafeLogger({ format: {} } as never)).toThrow(/unknown option "format"/);
    expect(() => createSafeLogger({ defaultMeta: [] as never })).toThrow(/option "defaultMeta"/);
  });

  it('rejects a runtime that is not a ballast Runtime with a ConfigError instead of a TypeError', () => {
    const coded = expect.objectContaining({
      code: 'BALLAST_ERR_CONFIG',
      message: expect.stringMatching(/runtime.* must be a ballast Runtime/),
    });
    for (const runtime of [5, {}, { service: () => undefined }]) {
      expect(() => createSafeLogger({ runtime: runtime as never })).toThrow(coded);
      const sink = new MemoryAlertSink();
      expect(() => new AlertDeduper({ sink, runtime: runtime as never })).toThrow(coded);
      expect(() => setSafeLogLogger(runtime as never, { log: () => undefined })).toThrow(coded);
    }
  });
});
