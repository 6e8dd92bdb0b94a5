import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithRedis, type RedisServer, startRedisServer } from './support/redisTest.js';

const describeRedis = describeWithRedis('readmeExample.test.ts');
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const readme = readFileSync(join(repoRoot, 'packages/redis/README.md'), 'utf8');
const example = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
/** The shared cache store's section: its `ts` block and the `text` block it prints. */
const cacheSection =
  /## A shared store for `@Cache`[\s\S]*?```ts\n([\s\S]*?)```\n\nPrints:\n\n```text\n([^`]*)```/.exec(
    readme,
  )!;

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

  it('runs the shared cache store example and prints what the README says', async () => {
    // A TypeScript file in a scratch project that resolves the packages like an installed one.
    const dir = mkdtempSync(join(tmpdir(), 'ballast-redis-readme-'));
    try {
      symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
      writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
      writeFileSync(join(dir, 'cache.ts'), cacheSection[1]!);
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', '--conditions=ballast-source', 'cache.ts'],
        { cwd: dir, env: { ...process.env, REDIS_URL: server.url }, timeout: 30_000 },
      );
      expect(stdout.trim()).toBe(cacheSection[2]!.trim());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);

  it('runs without a Redis: it reports the fallback and admits the local share', async () => {
    const closed = await startRedisServer();
    await closed.stop(); // a port nobody listens on
    const { stdout, stderr } = await runExample(closed.url);
    expect(stderr).toContain('Redis unavailable');
    expect(stdout.trim()).toBe('admitted 5 of 10');
  }, 40_000);
});
