import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Outbox, readAlertBotConfig } from '../src/index.js';
import { AlertBotProcess, BIN, childEnv } from './support/AlertBotProcess.js';

const run = promisify(execFile);
let dir: string;
let configFile: string;

/** Runs the `alert-bot` command the way the README says; resolves with exit code, stdout and stderr. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args, '--config', configFile], {
      cwd: tmpdir(),
      env: childEnv(),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'alert-bot-cli-'));
  configFile = join(dir, 'alert-bot.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      dataDir: join(dir, 'data'),
      channels: [{ name: 'ops', type: 'slack', url: 'http://127.0.0.1:9/hook' }],
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('alert-bot CLI', () => {
  it('sends into the outbox, shows queue depths and the newest dead letters, and replays them', async () => {
    const sent = await cli(
      'send',
      '--title',
      'disk full',
      '--severity',
      'critical',
      '--label',
      'host=db-1',
    );
    expect(sent.code).toBe(0);
    const { id } = JSON.parse(sent.stdout) as { id: string };

    const status = JSON.parse((await cli('status')).stdout) as Record<string, unknown>;
    expect(status).toMatchObject({
      groups: 1,
      ready: 0,
      dead: 0,
      byChannel: { ops: { groups: 1 } },
      deadLetters: [],
    });

    // Notifications given up on at different times: the newest is listed first.
    const outbox = Outbox.open(join(dir, 'data', 'outbox.db'));
    const grouping = readAlertBotConfig().grouping;
    const now = Date.now();
    try {
      for (const title of ['old', 'older', 'newest'])
        outbox.accept({ title }, 'test', [{ channel: 'ops', grouping }], now);
      outbox.flushDue(now + 1_000, () => grouping);
      const claimed = outbox.claim('test', 'ops', now + 1_000, 10, 1_000);
      const at: Record<string, number> = { 'disk full': 0, older: 1, old: 2, newest: 3 };
      for (const delivery of claimed) {
        const { title } = delivery.notification;
        outbox.deadLetter(
          delivery,
          8,
          `BALLAST_ERR_HTTP_RETRYABLE: ${title} answered 503`,
          now + at[title]!,
        );
      }
    } finally {
      outbox.close();
    }
    const dead = JSON.parse((await cli('status')).stdout) as {
      dead: number;
      deadLetters: { id: string; title: string; lastError: string }[];
    };
    expect(dead.dead).toBe(4);
    expect(dead.deadLetters.map((letter) => letter.title)).toEqual([
      'newest',
      'old',
      'older',
      'disk full',
    ]);
    expect(dead.deadLetters[0]!.lastError).toContain('503');

    const replayed = await cli('replay', '--id', dead.deadLetters[0]!.id);
    expect(JSON.parse(replayed.stdout)).toEqual({ replayed: 1 });
    expect(JSON.parse((await cli('replay')).stdout)).toEqual({ replayed: 3 });
    expect(JSON.parse((await cli('status')).stdout)).toMatchObject({ ready: 4, dead: 0 });
    expect(id).toMatch(/^alert_/);
  }, 60_000);

  it('exits 2 with a message naming the field for a bad alert or a bad config', async () => {
    const noTitle = await cli('send', '--severity', 'critical');
    expect(noTitle.code).toBe(2);
    expect(noTitle.stderr).toContain('"title" is required');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ delivery: { concurrency: 0 } }));
    const saved = configFile;
    configFile = join(dir, 'bad.json');
    try {
      const badConfig = await cli('status');
      expect(badConfig.code).toBe(2);
      expect(badConfig.stderr).toContain('"delivery.concurrency" must be >= 1');
    } finally {
      configFile = saved;
    }
  }, 60_000);
});

describe('alert-bot serve', () => {
  it('is the process it was started as: SIGTERM to that pid runs every step of the stop, even when idle (regression: an idle bot exited 0 before draining and closing)', async () => {
    writeFileSync(
      join(dir, 'serve.json'),
      JSON.stringify({
        dataDir: join(dir, 'serve-data'),
        server: { port: 0 },
        receiver: { enabled: false },
        channels: [{ name: 'ops', type: 'slack', url: 'http://127.0.0.1:9/hook' }],
      }),
    );
    const bot = new AlertBotProcess(join(dir, 'serve.json'));
    await bot.start();
    expect(readFileSync(`/proc/${bot.pid}/cmdline`, 'utf8').split('\0')).toEqual([
      process.execPath,
      BIN,
      'serve',
      '--config',
      join(dir, 'serve.json'),
      '',
    ]);
    expect(await bot.stop('SIGTERM')).toBe(0);
    expect(bot.stdout).toContain('alert-bot: SIGTERM, claiming nothing more');
    expect(bot.stdout).toContain('alert-bot: stopped cleanly');
  }, 60_000);
});
