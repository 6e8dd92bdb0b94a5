import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Outbox } from '../src/index.js';
import { APP_DIR } from './support/AlertBotProcess.js';

const run = promisify(execFile);
let dir: string;
let configFile: string;

/** Runs the CLI the way the README says; resolves with exit code, stdout and stderr. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [
        '--import',
        'tsx/esm',
        '--conditions=ballast-source',
        'src/cli.ts',
        ...args,
        '--config',
        configFile,
      ],
      { cwd: APP_DIR, env },
    );
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
  it('sends into the outbox, shows queue depths and replays dead letters', async () => {
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
      alerts: 1,
      ready: 1,
      dead: 0,
      byChannel: { ops: { ready: 1 } },
      deadLetters: [],
    });

    const outbox = Outbox.open(join(dir, 'data', 'outbox.db'));
    try {
      const [claimed] = outbox.claim('test', Date.now(), 1, 1_000);
      outbox.deadLetter(claimed!, 8, 'BALLAST_ERR_HTTP_RETRYABLE: answered 503', Date.now());
    } finally {
      outbox.close();
    }
    const dead = JSON.parse((await cli('status')).stdout) as {
      dead: number;
      deadLetters: { alertId: string; lastError: string }[];
    };
    expect(dead.dead).toBe(1);
    expect(dead.deadLetters).toEqual([
      expect.objectContaining({ alertId: id, lastError: expect.stringContaining('503') }),
    ]);

    expect(JSON.parse((await cli('replay')).stdout)).toEqual({ replayed: 1 });
    expect(JSON.parse((await cli('status')).stdout)).toMatchObject({
      alerts: 1,
      ready: 1,
      dead: 0,
    });
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
