import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { fetchOnce, Primary, until } from './clusterFixtures.js';

jest.setTimeout(30_000);

const READY = /worker (\d+) ready \(pid (\d+)\)/;

async function readyPids(primary: Primary, count: number, from = 0): Promise<number[]> {
  return (await primary.waitFor(READY, { count, from })).map((match) => Number(match[2]));
}

function counterByWorker(metrics: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of metrics.matchAll(/^app_requests_total\{worker="(\d+)"\} (\d+)$/gm)) {
    counts.set(match[1]!, Number(match[2]));
  }
  return counts;
}

describe('ballast run (multi-process mode)', () => {
  let primary: Primary | undefined;

  afterEach(async () => {
    await primary?.dispose();
    primary = undefined;
  });

  it('restarts a worker that was killed', async () => {
    primary = await Primary.start(2);
    const [first] = await primary.waitFor(/worker 0 ready \(pid (\d+)\)/);
    const killed = Number(first![1]);
    await readyPids(primary, 2);
    const mark = primary.lines.length;

    process.kill(killed, 'SIGKILL');
    await primary.waitFor(
      new RegExp(`worker 0 \\(pid ${killed}\\) exited \\(signal SIGKILL\\); restarting in 500 ms`),
      { from: mark },
    );
    const [back] = await primary.waitFor(/worker 0 ready \(pid (\d+)\)/, { from: mark });
    const replacement = Number(back![1]);
    expect(replacement).not.toBe(killed);

    const served = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const { status, body } = await fetchOnce(`${primary.appUrl}/`);
      expect(status).toBe(200);
      served.add((JSON.parse(body) as { pid: number }).pid);
    }
    expect(served.has(killed)).toBe(false);
    expect(served.has(replacement)).toBe(true);
    const metrics = await fetchOnce(await primary.metricsUrl());
    expect(metrics.body).toMatch(/^ballast_cluster_worker_restarts_total 1$/m);
    expect(metrics.body).toMatch(/^ballast_cluster_workers 2$/m);
  });

  it('reloads every worker on SIGHUP under load without failing a request', async () => {
    primary = await Primary.start(2);
    const before = await readyPids(primary, 2);
    const mark = primary.lines.length;
    let reloaded = false;
    let ok = 0;
    let duringReload = 0;
    const failures: string[] = [];
    const pidsAfter = new Set<number>();
    let signalled = false;
    // Four clients, each on a new connection per request; bounded by count and by the reload.
    const client = async (): Promise<void> => {
      for (let i = 0; i < 1_500 && !(reloaded && pidsAfter.size >= 2 && i > 20); i++) {
        try {
          const { status, body } = await fetchOnce(`${primary!.appUrl}/`);
          if (status !== 200) failures.push(`status ${status}`);
          else {
            ok++;
            if (signalled && !reloaded) duringReload++;
            if (reloaded) pidsAfter.add((JSON.parse(body) as { pid: number }).pid);
          }
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    };
    const load = Promise.all([client(), client(), client(), client()]);
    await until(() => ok >= 40 || failures.length > 0);
    primary.signal('SIGHUP');
    signalled = true;
    await primary.waitFor(/reload complete/, { from: mark });
    reloaded = true;
    await load;

    expect(failures).toEqual([]);
    expect(duringReload).toBeGreaterThan(0);
    const after = (await primary.waitFor(READY, { from: mark, count: 2 })).map((match) =>
      Number(match[2]),
    );
    expect(after.some((pid) => before.includes(pid))).toBe(false);
    expect([...pidsAfter].sort()).toEqual([...after].sort());
    expect((await fetchOnce(await primary.metricsUrl())).body).toMatch(
      /^ballast_cluster_reloads_total 1$/m,
    );
  });

  it('serves the metrics of every worker on one /metrics and shuts down on SIGTERM', async () => {
    primary = await Primary.start(2);
    const pids = await readyPids(primary, 2);
    const requests = 40;
    for (let i = 0; i < requests; i++)
      expect((await fetchOnce(`${primary.appUrl}/`)).status).toBe(200);

    const metrics = await fetchOnce(await primary.metricsUrl());
    expect(metrics.status).toBe(200);
    const counts = counterByWorker(metrics.body);
    expect([...counts.keys()].sort()).toEqual(pids.map(String).sort());
    expect([...counts.values()].reduce((sum, count) => sum + count, 0)).toBe(requests);
    expect(metrics.body).toMatch(/^ballast_cluster_workers 2$/m);

    const slow = fetchOnce(`${primary.appUrl}/slow`);
    await primary.waitFor(/app: serving \/slow/); // in flight in a worker when the signal comes
    primary.signal('SIGTERM');
    await expect(slow).resolves.toMatchObject({ status: 200 });
    await expect(primary.exited).resolves.toBe(0);
    expect(primary.lines).toContain('ballast: stopped');
  });
});
