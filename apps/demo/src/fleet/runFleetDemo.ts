import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { FLEET_DEMO_LIMIT, fleetDemoBound } from './fleetDemoProtocol.js';
import { FleetMemberProcess } from './FleetMemberProcess.js';

/** Options of {@link runFleetDemo}. */
export interface FleetDemoOptions {
  /** The Redis every instance shares (`redis://` or `rediss://`). */
  readonly redisUrl: string;
  /** Instances to start, each in its own process. */
  readonly instances: number;
  /** Seconds of traffic; undefined runs until `signal` aborts. */
  readonly durationSeconds: number | undefined;
  /** Ends the run early (Ctrl-C). */
  readonly signal: AbortSignal;
  /** Where the demo prints its lines. */
  readonly print: (line: string) => void;
}

/** The keys of the demo in the shared Redis; one fleet state across runs. */
const KEY_PREFIX = 'ballast-demo:';
const BREAKER = 'Payments.quote';
/** Traffic runs this long before the breaker is forced open through the first instance. */
const FORCE_OPEN_AFTER_MS = 5_000;

/**
 * The demo's fleet mode (`npm start -- --redis URL --instances N`): N processes share one
 * `@RateLimit` of 100/s through Redis and one breaker command. Prints each second how many calls
 * the fleet admitted and where; after 5 s forces `Payments.quote` open through the first
 * instance's admin API and prints how soon every instance had it open; at the end closes it
 * through the last instance and prints the totals against the limiter's documented bound.
 */
export async function runFleetDemo(options: FleetDemoOptions): Promise<void> {
  const { redisUrl, instances, durationSeconds, signal, print } = options;
  const token = randomBytes(16).toString('hex');
  const members = Array.from(
    { length: instances },
    (_, i) => new FleetMemberProcess(redisUrl, KEY_PREFIX, `i${i + 1}`, token),
  );
  let adminUrls: string[] = [];
  const api = async (member: number, method: 'GET' | 'POST', path: string): Promise<unknown> => {
    const response = await fetch(`${adminUrls[member]}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(method === 'POST' ? { body: '{"actor":"fleet demo"}' } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status}`);
    return response.json();
  };
  try {
    adminUrls = (await Promise.all(members.map((m) => m.next('ready')))).map((r) => r.adminUrl);
  } catch (error) {
    members.forEach((member) => member.kill());
    throw error;
  }
  const { host, protocol } = new URL(redisUrl); // never the password
  const { name, rate, burst, batch } = FLEET_DEMO_LIMIT;
  print(`ballast fleet demo — ${instances} processes on ${protocol}//${host}`);
  print(`one @RateLimit "${name}": ${rate}/s, burst ${burst}, leased in batches of ${batch}`);
  members.forEach((member, i) =>
    print(`${member.instanceId} dashboard: ${adminUrls[i]}/?token=${token}`),
  );
  print(
    durationSeconds === undefined ? 'Ctrl-C ends the demo.' : `ends after ${durationSeconds} s.`,
  );

  const startedAt = Date.now();
  members.forEach((member) => member.run());
  const endAt = durationSeconds === undefined ? Infinity : startedAt + durationSeconds * 1_000;
  let forced = false;
  let before = 0;
  for (let second = 1; !signal.aborted && Date.now() < endAt; second++) {
    await sleep(Math.min(startedAt + second * 1_000, endAt) - Date.now(), undefined, {
      signal,
    }).catch(() => undefined);
    const admitted = members.map((member) => member.last?.admitted ?? 0);
    const total = admitted.reduce((sum, n) => sum + n, 0);
    const open = members.filter((member) => member.last?.breaker === 'FORCED_OPEN').length;
    const where = members.map((member, i) => `${member.instanceId} ${admitted[i]}`).join(' · ');
    const refused = members.reduce((sum, member) => sum + (member.last?.quotesRefused ?? 0), 0);
    print(
      `${String(second).padStart(3)} s  admitted ${total - before} in the last second ` +
        `(${where} in all)  ${BREAKER} open on ${open}/${instances}, quotes refused ${refused}`,
    );
    before = total;
    if (!forced && Date.now() - startedAt >= FORCE_OPEN_AFTER_MS && !signal.aborted) {
      forced = true;
      const at = Date.now();
      await api(0, 'POST', `/api/breakers/${BREAKER}/force-open`);
      let seen = 0;
      while (seen < instances && Date.now() - at < 5_000) {
        const states = await Promise.all(
          members.map((_, i) => api(i, 'GET', `/api/breakers/${BREAKER}`)),
        );
        seen = states.filter((s) => (s as { state: string }).state === 'FORCED_OPEN').length;
        if (seen < instances) await sleep(10);
      }
      print(
        `${BREAKER} forced open through i1's admin API: open on ${seen}/${instances} instances after ${Date.now() - at} ms`,
      );
    }
  }

  if (forced) {
    await api(instances - 1, 'POST', `/api/breakers/${BREAKER}/close`);
    print(`${BREAKER} closed again through i${instances}'s admin API`);
  }
  members.forEach((member) => member.stop());
  const done = await Promise.all(members.map((member) => member.next('done')));
  const seconds = (Date.now() - startedAt) / 1_000;
  const total = done.reduce((sum, one) => sum + one.admitted, 0);
  const roundTrips = done.reduce((sum, one) => sum + one.roundTrips, 0);
  print(`\nfleet demo summary after ${seconds.toFixed(1)} s`);
  print(
    `admitted ${total} calls across ${instances} instances (${done.map((d) => `${d.instanceId} ${d.admitted}`).join(' · ')}); bound ${fleetDemoBound(seconds, instances)} = ${burst} + ${rate}/s × ${seconds.toFixed(1)} s + ${instances} × ${batch}`,
  );
  print(
    `Redis round trips of the limiters: ${roundTrips} (${total === 0 ? 0 : Math.round((roundTrips / total) * 1_000)} per 1,000 admitted)`,
  );
}
