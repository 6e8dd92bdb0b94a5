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
async function runExample(redisUrl: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--conditions=ballast-source', '--input-type=module', '-e', example],
    { cwd: repoRoot, env: { ...process.env, REDIS_URL: redisUrl }, timeout: 30_000 },
  );
  return stdout;
}

describeRedis('the README example', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(() => server.stop());

  it('runs against a Redis: the burst of 5 is admitted, the rest refused', async () => {
    const output = await runExample(server.url);
    expect(output).not.toContain('Redis unavailable');
    expect(output.trim().split('\n').at(-1)).toBe('admitted 5 of 10');
  }, 40_000);

  it('runs without a Redis: it reports the fallback and admits the local share', async () => {
    const closed = await startRedisServer();
    await closed.stop(); // a port nobody listens on
    const output = await runExample(closed.url);
    expect(output).toContain('Redis unavailable');
    expect(output.trim().split('\n').at(-1)).toBe('admitted 5 of 10');
  }, 40_000);
});
