import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createRuntime, type Runtime, weave } from '@ballast/core';
import { CircuitBreaker } from '@ballast/resilience';
import { Registry } from 'prom-client';
import { registerBallastMetrics } from '../src/index.js';
import { parseExposition, sampleValue } from './parseExposition.js';

const KEYS = 10_000;

/** One breaker per host: a user-controlled value that must never become a label. */
class Hosts {
  @CircuitBreaker({
    name: 'hosts',
    key: ([host]) => String(host),
    maxKeys: KEYS,
    window: 'consecutive',
    consecutiveFailures: 1,
  })
  async fetch(host: string): Promise<string> {
    if (host.startsWith('down-')) throw new Error(`${host} unreachable`);
    return host;
  }
}

let runtime: Runtime;

beforeEach(() => {
  runtime = createRuntime();
});

afterEach(() => runtime.dispose());

describe('label cardinality', () => {
  it('keeps one breaker name, not 10,000 keys, in the series of a keyed circuit breaker', async () => {
    const registry = new Registry();
    registerBallastMetrics(runtime, { registry, defaultMetrics: false });
    const hosts = weave(new Hosts(), runtime);
    for (let i = 0; i < KEYS - 3; i++) await hosts.fetch(`user-${i}.example`);
    for (let i = 0; i < 3; i++)
      await expect(hosts.fetch(`down-${i}.example`)).rejects.toThrow('unreachable');

    const text = await registry.metrics();
    const families = parseExposition(text);
    const breakerSeries = [...families.values()]
      .filter((family) => family.name.startsWith('ballast_circuitbreaker_'))
      .flatMap((family) => family.samples);
    expect(breakerSeries).toHaveLength(6 + 6 + 5); // state + keys per state, calls per kind
    expect(new Set(breakerSeries.map((s) => s.labels.breaker))).toEqual(new Set(['hosts']));
    expect(text).not.toContain('.example');

    expect(
      sampleValue(families, 'ballast_circuitbreaker_state', { breaker: 'hosts', state: 'open' }),
    ).toBe(1);
    expect(
      sampleValue(families, 'ballast_circuitbreaker_keys', { breaker: 'hosts', state: 'open' }),
    ).toBe(3);
    expect(
      sampleValue(families, 'ballast_circuitbreaker_keys', { breaker: 'hosts', state: 'closed' }),
    ).toBe(KEYS - 3);
    expect(
      sampleValue(families, 'ballast_circuitbreaker_calls_total', {
        breaker: 'hosts',
        kind: 'successful',
      }),
    ).toBe(KEYS - 3);
    expect(
      sampleValue(families, 'ballast_circuitbreaker_calls_total', {
        breaker: 'hosts',
        kind: 'failed',
      }),
    ).toBe(3);
    const series = [...families.values()].reduce((n, family) => n + family.samples.length, 0);
    expect(series).toBeLessThan(60);
  });
});
