import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ConfigError, createRuntime, type Runtime } from '@ballast/core';
import { ManualClock } from '@ballast/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonLines } from '../../test/jsonLines.js';
import { createSafeLogger } from '../logger/createSafeLogger.js';
import { LOG_LEVEL_NAMES } from '../logger/LogLevel.js';
import { PINO_LEVEL_VALUES, pinoBackend, type PinoBackendOptions } from './pinoBackend.js';

let dir: string;
let clock: ManualClock;
let runtime: Runtime;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'safe-log-pino-'));
  clock = new ManualClock(Date.UTC(2026, 11, 1, 12, 0, 0));
  runtime = createRuntime({ clock });
});

afterEach(() => {
  runtime.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function logged(
  options: PinoBackendOptions | undefined,
  write: (logger: ReturnType<typeof createSafeLogger>) => void,
): Promise<Record<string, unknown>[]> {
  const file = join(dir, 'app.log');
  const logger = createSafeLogger({ file, runtime, level: 'silly', backend: pinoBackend(options) });
  write(logger);
  await logger.flush(1_000);
  return readJsonLines(file);
}

describe('pinoBackend', () => {
  it('writes pino lines, redacted, stamped with the time of the call', async () => {
    const loggedAt = clock.now();
    const [line] = await logged(undefined, (logger) => {
      logger.info('signed in via https://ann:pw@idp.example', {
        user: 'ann',
        password: 'hunter2',
        headers: { authorization: 'Bearer abcdefgh' },
      });
      clock.advance(10_000);
    });
    expect(line).toEqual({
      level: 30,
      time: loggedAt,
      pid: process.pid,
      hostname: hostname(),
      user: 'ann',
      password: '[REDACTED]',
      headers: { authorization: '[REDACTED]' },
      msg: 'signed in via https://[REDACTED]@idp.example',
    });
  });

  it('maps every npm level to its pino number', async () => {
    const lines = await logged({ base: null }, (logger) => {
      for (const level of LOG_LEVEL_NAMES) logger.log(level, level);
    });
    expect(lines.map((line) => [line.msg, line.level])).toEqual(
      LOG_LEVEL_NAMES.map((level) => [level, PINO_LEVEL_VALUES[level]]),
    );
  });

  it('takes pino’s line-shaping options and an ISO timestamp', async () => {
    const [line] = await logged(
      {
        base: { service: 'shop' },
        messageKey: 'message',
        timestamp: 'iso',
        formatters: { level: (label) => ({ severity: label }) },
      },
      (logger) => logger.warn('low stock', { sku: 'a-1' }),
    );
    expect(line).toEqual({
      severity: 'warn',
      time: new Date(clock.now()).toISOString(),
      service: 'shop',
      sku: 'a-1',
      message: 'low stock',
    });
  });

  it('writes a message as it is, never as a printf template', async () => {
    const [line] = await logged({ base: null }, (logger) => logger.info('100%s done %d', { n: 1 }));
    expect(line).toMatchObject({ msg: '100%s done %d', n: 1 });
  });

  it('rejects options that would take over the logger’s job, with a ConfigError', () => {
    expect(() => pinoBackend({ mixin: () => ({}) } as never)).toThrow(ConfigError);
    expect(() => pinoBackend({ transport: { target: 'pino/file' } } as never)).toThrow(
      /unknown option "transport"/,
    );
    expect(() => pinoBackend({ timestamp: 'unix' as never })).toThrow(/option "timestamp"/);
  });

  it('turns options pino itself refuses (a bad redact path, a formatter that is no function) into a ConfigError', () => {
    for (const options of [{ redact: ['a..b'] }, { formatters: { level: 5 } }])
      expect(() => pinoBackend(options as never)).toThrow(
        expect.objectContaining({
          code: 'BALLAST_ERR_CONFIG',
          message: expect.stringMatching(/^pinoBackend: pino refused these options/),
          cause: expect.any(Error),
        }),
      );
  });
});
