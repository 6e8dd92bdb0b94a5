import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createRuntime, type Runtime } from '@ballast/core';
import { ManualClock } from '@ballast/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectingStream, ManualSink, SwitchableSink, turnsUntil } from '../../test/testSinks.js';
import { readJsonLines } from '../../test/jsonLines.js';
import { createSafeLogger } from './createSafeLogger.js';

let dir: string;
let runtime: Runtime;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sink-writer-'));
  runtime = createRuntime({ clock: new ManualClock() });
});

afterEach(() => {
  runtime.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('SinkWriter (through createSafeLogger)', () => {
  it('writes the lines of one busy stretch as one chunk', async () => {
    const sink = new SwitchableSink();
    sink.healthy = true;
    const writes: number[] = [];
    const counting = {
      name: 'counting',
      open: () => sink.open(),
      write(chunk: string, done: (error?: Error | null) => void) {
        writes.push(chunk.split('\n').length - 1);
        sink.write(chunk, done);
      },
      close: () => sink.close(),
    };
    const logger = createSafeLogger({ sink: counting, runtime });
    for (let i = 0; i < 300; i++) logger.info('line', { i });
    await logger.idle();
    expect(writes).toEqual([300]);
    expect(sink.lines.map((line) => JSON.parse(line).i)).toEqual([...Array(300).keys()]);
  });

  it('lets a batch fill while every turn of the loop adds lines, then writes it as one chunk', async () => {
    const sink = new ManualSink();
    const logger = createSafeLogger({ sink, runtime });
    for (let turn = 0; turn < 5; turn++) {
      for (let i = 0; i < 10; i++) logger.info('line', { turn, i });
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(sink.pending).toBe(0); // still gathering
    await turnsUntil(() => sink.pending === 1); // a turn without lines ends the wait
    sink.complete();
    expect(sink.lines).toHaveLength(50);
    expect(logger.statistics()).toMatchObject({ written: 50, queued: 0 });
  });

  it('counts every line a sink that cannot keep up makes it drop, exactly', async () => {
    const sink = new ManualSink();
    const logger = createSafeLogger({ sink, runtime, queueSize: 100 });
    for (let burst = 0; burst < 5; burst++) {
      for (let i = 0; i < 300; i++) logger.info('line', { burst, i });
      // 100 fit in the queue, 200 are dropped; the 100 go out as one chunk that stays pending
      await turnsUntil(() => sink.pending === 1);
      sink.complete();
    }
    await logger.idle();
    expect(logger.statistics()).toMatchObject({ written: 500, dropped: 1_000, queued: 0 });
    expect(sink.lines).toHaveLength(500);
    expect(sink.lines.map((line) => JSON.parse(line).i)).toEqual(
      Array.from({ length: 5 }, () => [...Array(100).keys()]).flat(),
    );
  });

  it('writes everything still queued to the file when the runtime is disposed', () => {
    const file = join(dir, 'app.log');
    const logger = createSafeLogger({ file, runtime });
    for (let i = 0; i < 1_000; i++) logger.info('line', { i });
    runtime.dispose();
    expect(readJsonLines(file).map((line) => line.i)).toEqual([...Array(1_000).keys()]);
    expect(logger.statistics()).toMatchObject({ written: 1_000, dropped: 0, queued: 0 });
    logger.info('after dispose');
    expect(logger.statistics().dropped).toBe(1);
  });

  it('writes the queue to stderr at dispose when the file broke, and counts the move', () => {
    const err = collectingStream();
    const logger = createSafeLogger({ file: '/dev/full', runtime, stderr: err.stream });
    for (let i = 0; i < 10; i++) logger.info('line', { i });
    runtime.dispose();
    expect(logger.statistics()).toMatchObject({
      sink: 'stderr',
      fallbacks: 1,
      lastError: 'ENOSPC',
      written: 10,
      dropped: 0,
    });
  });

  it('counts the queue as dropped at dispose when the sink cannot write synchronously', () => {
    const logger = createSafeLogger({ sink: new ManualSink(), runtime, fallbackToStderr: false });
    for (let i = 0; i < 10; i++) logger.info('line', { i });
    runtime.dispose();
    expect(logger.statistics()).toMatchObject({ written: 0, dropped: 10, queued: 0 });
  });

  it('counts a chunk in flight at dispose when it settles', async () => {
    const sink = new ManualSink();
    const logger = createSafeLogger({ sink, runtime, fallbackToStderr: false });
    for (let i = 0; i < 10; i++) logger.info('line', { i });
    await turnsUntil(() => sink.pending === 1);
    logger.info('queued behind it');
    runtime.dispose();
    expect(logger.statistics()).toMatchObject({ written: 0, dropped: 1 }); // ManualSink has no writeSync
    sink.complete();
    expect(logger.statistics()).toMatchObject({ written: 10, dropped: 1 });
  });
});
