import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithRedis, type RedisServer, startRedisServer } from './support/redisTest.js';

const describeRedis = describeWithRedis('readmeExample.test.ts');
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const readme = readFileSync(join(repoRoot, 'packages/redis/README.md'), 'utf8');
const example = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;

/** Runs the README's first `ts` block, as written, in a new Node process with `REDIS_URL`. */
async function runExample(redisUrl: string): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--conditions=ballast-source', '--input-type=module', '-e', example],
    { cwd: repoRoot, env: { ...process.env, REDIS_URL: redisUrl }, timeout: 30_000 },
  );
}

describeRedis('the README example', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(() => server.stop());

  it('runs against a Redis: the burst of 5 is admitted, the rest refused', async () => {
    const { stdout, stderr } = await runExample(server.url);
    expect(stderr).not.toContain('Redis unavailable');
    expect(stdout.trim()).toBe('admitted 5 of 10');
  }, 40_000);

  it('runs without a Redis: it reports the fallback and admits the local share', async () => {
    const closed = await startRedisServer();
    await closed.stop(); // a port nobody listens on
    const { stdout, stderr } = await runExample(closed.url);
    expect(stderr).toContain('Redis unavailable');
    expect(stdout.trim()).toBe('admitted 5 of 10');
  }, 40_000);
});
