import 'reflect-metadata';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createRuntime, type Runtime, weave } from '@ballast/core';
import { Container, injectable } from 'inversify';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import winston from 'winston';
import {
  createSafeLogger,
  SafeLog,
  type SafeLogger,
  setSafeLogLogger,
  winstonBackend,
} from '../src/index.js';
import { ManualClock } from '@ballast/testing';
import { brokenStream, collectingStream, turnsUntil } from './testSinks.js';

/**
 * Each winston failure mode from PEERS.md, on real paths, while a woven service is called.
 * Tests run as root, so permission bits cannot make a path unwritable; the cases use what
 * root cannot get around: a regular file where a directory must be (ENOTDIR), a directory
 * where the file must be (EISDIR), /dev/full (ENOSPC on every write) and /proc/version, a
 * kernel file without a write handler (root may open it, every write fails).
 */
@injectable()
class Orders {
  @SafeLog({ logArgs: true })
  async place(id: number): Promise<string> {
    return `order-${id}`;
  }

  @SafeLog()
  total(a: number, b: number): number {
    return a + b;
  }

  @SafeLog()
  async reject(id: number): Promise<never> {
    throw new Error(`order ${id} rejected`);
  }
}

const CALLS = 200;
let dir: string;
let clock: ManualClock;
let runtime: Runtime;
let logger: SafeLogger | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keeps-serving-'));
  clock = new ManualClock();
  runtime = createRuntime({ clock });
});

afterEach(async () => {
  await logger?.flush(1_000);
  logger = undefined;
  runtime.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function wovenOrders(): Orders {
  const container = new Container();
  container.bind(Orders).toSelf().inSingletonScope();
  container.onActivation(Orders, (_context, orders) => weave(orders, runtime));
  return container.get(Orders);
}

/** Calls the service CALLS times in three ways; returns how many calls answered correctly. */
async function callService(orders: Orders): Promise<number> {
  let answered = 0;
  for (let i = 0; i < CALLS; i++) {
    if (i % 3 === 0 && (await orders.place(i)) === `order-${i}`) answered++;
    if (i % 3 === 1 && orders.total(i, 1) === i + 1) answered++;
    if (i % 3 === 2) {
      const error = await orders.reject(i).catch((e: unknown) => e);
      if (error instanceof Error && error.message === `order ${i} rejected`) answered++;
    }
  }
  return answered;
}

const failures: {
  readonly name: string;
  readonly path: () => string;
  readonly codes: readonly string[];
}[] = [
  {
    name: 'log directory not creatable (a regular file is in the way)',
    path: () => {
      writeFileSync(join(dir, 'blocker'), '');
      return join(dir, 'blocker', 'logs', 'app.log');
    },
    codes: ['ENOTDIR'],
  },
  {
    name: 'log path is a directory',
    path: () => {
      mkdirSync(join(dir, 'app.log'));
      return join(dir, 'app.log');
    },
    codes: ['EISDIR'],
  },
  { name: 'disk full (/dev/full)', path: () => '/dev/full', codes: ['ENOSPC'] },
  {
    name: 'read-only file (/proc/version)',
    path: () => '/proc/version',
    codes: ['EACCES', 'EIO', 'EINVAL', 'EPERM', 'EROFS'],
  },
];

describe('a woven service keeps answering 100 % of calls', () => {
  it.each(failures)('when the $name, falling back to stderr', async ({ path, codes }) => {
    const stderr = collectingStream();
    logger = createSafeLogger({ file: path(), runtime, stderr: stderr.stream });
    setSafeLogLogger(runtime, logger);
    expect(await callService(wovenOrders())).toBe(CALLS);
    await logger.idle();
    const stats = logger.statistics();
    expect(stats).toMatchObject({ sink: 'stderr', fallbacks: 1, dropped: 0, written: CALLS });
    expect(codes).toContain(stats.lastError);
    expect(stderr.lines).toHaveLength(CALLS);
    expect(stderr.lines[0]).toMatchObject({
      service: 'Orders',
      method: 'place',
      outcome: 'success',
      args: [0],
    });
    expect(stderr.lines[2]).toMatchObject({ level: 'error', method: 'reject', outcome: 'error' });
  });

  it('when stderr is broken too, dropping and counting every line', async () => {
    writeFileSync(join(dir, 'blocker'), '');
    logger = createSafeLogger({
      file: join(dir, 'blocker', 'app.log'),
      runtime,
      stderr: brokenStream(),
    });
    setSafeLogLogger(runtime, logger);
    expect(await callService(wovenOrders())).toBe(CALLS);
    await logger.idle();
    expect(logger.statistics()).toMatchObject({
      sink: 'none',
      fallbacks: 2,
      dropped: CALLS,
      queued: 0,
    });
  });

  it('when every line makes the format throw', async () => {
    const file = join(dir, 'app.log');
    const broken = winston.format(() => {
      throw new Error('format bug');
    })();
    logger = createSafeLogger({ file, runtime, backend: winstonBackend({ format: broken }) });
    setSafeLogLogger(runtime, logger);
    expect(await callService(wovenOrders())).toBe(CALLS);
    await logger.flush(1_000);
    expect(logger.statistics()).toMatchObject({ formatErrors: CALLS, written: CALLS, dropped: 0 });
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(CALLS);
  });

  it('and goes back to the log file once the directory can be created', async () => {
    const blocker = join(dir, 'logs');
    writeFileSync(blocker, ''); // a file where the log directory belongs
    const file = join(blocker, 'app.log');
    const stderr = collectingStream();
    logger = createSafeLogger({
      file,
      runtime,
      stderr: stderr.stream,
      recheckMs: 10_000,
      writeTimeoutMs: 60_000,
    });
    setSafeLogLogger(runtime, logger);
    const orders = wovenOrders();
    expect(await callService(orders)).toBe(CALLS);
    await turnsUntil(() => stderr.lines.length === CALLS); // the first batch goes out, to stderr
    expect(await callService(orders)).toBe(CALLS); // queued while the file is still broken
    rmSync(blocker);
    clock.advance(10_000);
    expect(logger.statistics()).toMatchObject({ sink: 'primary', recoveries: 1 });
    expect(await callService(orders)).toBe(CALLS);
    await logger.flush(1_000);
    // Lines still queued at the switch go to the file: nothing is lost or written twice.
    expect(stderr.lines).toHaveLength(CALLS);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2 * CALLS);
    expect(logger.statistics()).toMatchObject({ written: 3 * CALLS, dropped: 0 });
    expect(clock.pendingTimers).toBe(0);
  });
});
