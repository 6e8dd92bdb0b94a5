import { afterEach, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flagsOf } from '@ballast/flags';
import { breakerRegistry } from '@ballast/resilience';
import { createSafeLogger, safeLoggerStatistics } from '@ballast/safe-log';
import { Registry } from 'prom-client';
import type { ReadinessCheck, StoreHealthSource } from '../src/index.js';
import { type AdminFixture, call, startFixture } from './adminFixtures.js';

/** Prometheus text → `name{labels}` → value. */
function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.length === 0 || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match === null) throw new Error(`unparsable metrics line: ${line}`);
    samples.set(`${match[1]}${match[2] ?? ''}`, Number(match[3]));
  }
  return samples;
}

function turns(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('Admin API: /metrics', () => {
  let fixture: AdminFixture;

  afterEach(() => fixture.close());

  it('serves parseable Prometheus text with the ballast metrics of woven services', async () => {
    fixture = await startFixture(() => ({ defaultMetrics: true }));
    await fixture.payments.charge(5);
    fixture.payments.healthy = false;
    await expect(fixture.payments.charge(6)).rejects.toThrow();
    await fixture.payments.search('x');
    const answer = await call(fixture.admin, 'GET', '/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toContain('text/plain');
    expect(answer.text).toContain('# TYPE ballast_call_duration_seconds histogram');
    const samples = parseMetrics(answer.text);
    expect(
      samples.get('ballast_calls_total{service="Payments",method="charge",outcome="success"}'),
    ).toBe(1);
    expect(
      samples.get('ballast_calls_total{service="Payments",method="charge",outcome="error"}'),
    ).toBe(1);
    expect(
      samples.get('ballast_call_duration_seconds_count{service="Payments",method="charge"}'),
    ).toBe(2);
    expect(
      samples.get(
        'ballast_call_duration_seconds_bucket{service="Payments",method="charge",le="+Inf"}',
      ),
    ).toBe(2);
    expect(samples.get('ballast_circuitbreaker_state{breaker="payments",state="closed"}')).toBe(1);
    expect(
      samples.get(
        'ballast_feature_flag_evaluations_total{flag="new-search",variant="on",reason="STATIC"}',
      ),
    ).toBe(1);
    expect(
      [...samples.keys()].some((name) => name.startsWith('process_cpu_user_seconds_total')),
    ).toBe(true);
  });

  it('adds the ballast metrics to a registry the caller passes', async () => {
    const registry = new Registry();
    fixture = await startFixture(() => ({ registry }));
    await fixture.payments.charge(1);
    expect(await registry.metrics()).toContain('ballast_calls_total{service="Payments"');
    const samples = parseMetrics((await call(fixture.admin, 'GET', '/metrics')).text);
    expect(samples.has('process_cpu_user_seconds_total')).toBe(false);
  });
});

describe('Admin API: /health/ready', () => {
  let fixture: AdminFixture;

  afterEach(() => fixture.close());

  it('is ready with every check passing', async () => {
    fixture = await startFixture();
    const { status, body } = await call(fixture.admin, 'GET', '/health/ready');
    expect(status).toBe(200);
    expect(body).toMatchObject({ ready: true, status: 'pass', reasons: [] });
    expect(Object.keys(body.checks).sort()).toEqual([
      'breakers',
      'flagSource',
      'logSink',
      'stores',
    ]);
  });

  it('warns, still ready, when a breaker is open, and fails when that breaker is critical', async () => {
    fixture = await startFixture(() => ({ readiness: { criticalBreakers: ['ledger'] } }));
    await fixture.payments.charge(1);
    await fixture.payments.record('alice');
    breakerRegistry(fixture.runtime).forceOpen('payments');
    const warned = await call(fixture.admin, 'GET', '/health/ready');
    expect(warned.status).toBe(200);
    expect(warned.body).toMatchObject({
      ready: true,
      status: 'warn',
      reasons: ['breakers: breaker "payments" is FORCED_OPEN'],
    });
    breakerRegistry(fixture.runtime).forceOpen('ledger');
    const failed = await call(fixture.admin, 'GET', '/health/ready');
    expect(failed.status).toBe(503);
    expect(failed.body.ready).toBe(false);
    expect(failed.body.reasons).toContain('breakers: breaker "ledger" is FORCED_OPEN (critical)');
  });

  it('reports read-only and quarantined user stores', async () => {
    const stores: Record<string, StoreHealthSource> = {
      notes: { statistics: { openHandles: 3, readOnlyUsers: 1, quarantinedUsers: 2, ioErrors: 0 } },
    };
    fixture = await startFixture(() => ({ stores }));
    const { body } = await call(fixture.admin, 'GET', '/health/ready');
    expect(body.status).toBe('warn');
    expect(body.reasons).toEqual([
      'stores: store "notes": 1 user(s) read-only',
      'stores: store "notes": 2 user(s) quarantined',
    ]);
  });

  it('reports a flag source whose change was rejected until it applies one again', async () => {
    fixture = await startFixture();
    expect(() =>
      flagsOf(fixture.runtime).load(
        { flags: { bad: { enabled: 3 } } },
        { source: 'file:flags.json' },
      ),
    ).toThrow();
    const rejected = await call(fixture.admin, 'GET', '/health/ready');
    expect(rejected.body.status).toBe('warn');
    expect(rejected.body.reasons[0]).toMatch(
      /^flagSource: file:flags\.json: change rejected \(BALLAST_ERR_FLAG_DEFINITION\)/,
    );
    flagsOf(fixture.runtime).load({ flags: {} }, { source: 'file:flags.json' });
    expect((await call(fixture.admin, 'GET', '/health/ready')).body.status).toBe('pass');
  });

  it('fails when a safe logger has no working sink', async () => {
    fixture = await startFixture();
    const blocker = join(fixture.dir, 'not-a-dir');
    writeFileSync(blocker, '');
    const logger = createSafeLogger({
      name: 'audit',
      file: join(blocker, 'audit.log'), // ENOTDIR: the file can never be opened
      fallbackToStderr: false,
      runtime: fixture.runtime,
    });
    logger.info('hello');
    for (let i = 0; i < 500 && safeLoggerStatistics(fixture.runtime)[0]?.sink !== 'none'; i++)
      await turns();
    const { status, body } = await call(fixture.admin, 'GET', '/health/ready');
    expect(status).toBe(503);
    expect(body.reasons[0]).toMatch(
      /^logSink: logger "audit" has no working sink: lines are dropped/,
    );
    await logger.close();
  });

  it('runs custom checks, turning a throw or a timeout into a failure', async () => {
    const checks: ReadinessCheck[] = [
      { name: 'database', check: async () => ({ status: 'pass' }) },
      {
        name: 'cache',
        check: () => {
          throw new Error('cache unreachable');
        },
      },
      { name: 'queue', check: () => new Promise(() => undefined) },
    ];
    fixture = await startFixture(() => ({ readiness: { checks, timeoutMs: 5 } }));
    const { status, body } = await call(fixture.admin, 'GET', '/health/ready');
    expect(status).toBe(503);
    expect(body.checks.database).toEqual({ status: 'pass' });
    expect(body.reasons).toEqual([
      'cache: threw: cache unreachable',
      'queue: did not answer within 5 ms',
    ]);
  });
});
