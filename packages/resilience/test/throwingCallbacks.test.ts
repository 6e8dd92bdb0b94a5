import 'reflect-metadata';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createRuntime, protect, type Runtime, weave } from '@ballast/core';
import {
  breakerStatistics,
  Cache,
  CacheKeyError,
  cacheStatistics,
  CircuitBreaker,
  circuitBreaker,
  Fallback,
  Guard,
  guard,
  RateLimit,
  rateLimitStatistics,
  resilience,
  timeout,
} from '@ballast/resilience';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { runFixture } from './childProcess.js';

/*
 * A key function or a validator that throws fails the call the way the method answers: the
 * kernel turns the throw into a rejection for an async method and keeps it a throw for a sync
 * one (packages/core/test/syncThrow.test.ts has the rule itself).
 */

const noTenant = new TypeError('no tenant');
const tenantOf = ([tenant]: unknown[]): string => {
  if (tenant === '') throw noTenant;
  return String(tenant);
};

/** A Standard Schema whose validator crashes on an empty string. */
const crashing: StandardSchemaV1 = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate: (value) => {
      if (value === '') throw noTenant;
      return { value };
    },
  },
};

/** Calls `call`, reporting a synchronous throw, or the promise it returned. */
function answer(call: () => unknown): { threw: unknown } | { returned: Promise<unknown> } {
  try {
    return { returned: call() as Promise<unknown> };
  } catch (error) {
    return { threw: error };
  }
}

/** The rejection of a call that must answer with a promise, never a synchronous throw. */
function rejectionOf(call: () => unknown): Promise<unknown> {
  const outcome = answer(call);
  if (!('returned' in outcome) || !(outcome.returned instanceof Promise)) {
    throw new Error(`expected a promise, got ${JSON.stringify(outcome)}`);
  }
  return outcome.returned.then(
    (value) => ({ resolved: value }),
    (error: unknown) => error,
  );
}

class Tenants {
  ran: string[] = [];

  @CircuitBreaker({ name: 'breaker-async', key: tenantOf })
  async fetch(tenant: string): Promise<string> {
    this.ran.push(tenant);
    return tenant;
  }

  @CircuitBreaker({ name: 'breaker-sync', key: tenantOf })
  count(tenant: string): number {
    this.ran.push(tenant);
    return tenant.length;
  }

  @RateLimit({ name: 'limit-async', rate: 1, key: tenantOf })
  async send(tenant: string): Promise<string> {
    this.ran.push(tenant);
    return tenant;
  }

  @RateLimit({ name: 'limit-sync', rate: 1, key: tenantOf })
  sendNow(tenant: string): string {
    this.ran.push(tenant);
    return tenant;
  }

  @Guard({ args: [crashing] })
  async save(tenant: string): Promise<string> {
    this.ran.push(tenant);
    return tenant;
  }

  @Guard({ args: [crashing] })
  saveNow(tenant: string): string {
    this.ran.push(tenant);
    return tenant;
  }

  @Cache({ name: 'cache-async', key: tenantOf })
  async profile(tenant: string): Promise<string> {
    this.ran.push(tenant);
    return tenant;
  }

  @Cache({ name: 'cache-sync', key: tenantOf })
  profileNow(tenant: string): string {
    this.ran.push(tenant);
    return tenant;
  }

  @Fallback({ value: 'from fallback' })
  @CircuitBreaker({ name: 'behind-fallback', key: tenantOf })
  async quote(tenant: string): Promise<string> {
    this.ran.push(tenant);
    return tenant;
  }
}

let runtime: Runtime;
let tenants: Tenants;
beforeEach(() => {
  runtime = createRuntime();
  tenants = weave(new Tenants(), runtime);
});
afterEach(() => runtime.dispose());

describe('a CircuitBreaker key function that throws', () => {
  it('rejects an async method’s call with the original error, counted by no breaker', async () => {
    expect(await rejectionOf(() => tenants.fetch(''))).toBe(noTenant);
    await expect(tenants.fetch('a')).resolves.toBe('a');
    expect(breakerStatistics(runtime).get('breaker-async')!.calls).toMatchObject({
      successful: 1,
      failed: 0,
    });
    expect(tenants.ran).toEqual(['a']);
  });

  it('throws out of a sync method’s call, counted by no breaker', () => {
    expect(() => tenants.count('')).toThrow(noTenant);
    expect(tenants.count('ab')).toBe(2);
    expect(breakerStatistics(runtime).get('breaker-sync')!.calls).toMatchObject({
      successful: 1,
      failed: 0,
    });
  });

  it('is a rejection a fallback around the breaker answers with a promise of its value', async () => {
    const served = answer(() => tenants.quote(''));
    expect(served).toEqual({ returned: expect.any(Promise) });
    await expect((served as { returned: Promise<unknown> }).returned).resolves.toBe(
      'from fallback',
    );
  });

  it('rejects a policy’s execute() and a protect()ed async function', async () => {
    const policy = resilience({
      name: 'per-tenant',
      runtime,
      circuitBreaker: { key: ([, cacheKey]: unknown[]) => tenantOf([cacheKey]) },
    });
    expect(await rejectionOf(() => policy.execute(() => 'ran', { cacheKey: '' }))).toBe(noTenant);
    const call = protect(async (tenant: string) => tenant, [circuitBreaker({ key: tenantOf })], {
      runtime,
      name: 'call',
    });
    expect(await rejectionOf(() => call(''))).toBe(noTenant);
  });
});

describe('a RateLimit key function that throws', () => {
  it('rejects an async method’s call with the original error, without spending a token', async () => {
    expect(await rejectionOf(() => tenants.send(''))).toBe(noTenant);
    await expect(tenants.send('a')).resolves.toBe('a');
    expect(rateLimitStatistics(runtime).get('limit-async')).toMatchObject({
      permitted: 1,
      rejected: 0,
    });
  });

  it('throws out of a sync method’s call, without spending a token', () => {
    expect(() => tenants.sendNow('')).toThrow(noTenant);
    expect(tenants.sendNow('a')).toBe('a');
    expect(rateLimitStatistics(runtime).get('limit-sync')).toMatchObject({
      permitted: 1,
      rejected: 0,
    });
  });
});

describe('a Guard validator that throws', () => {
  it('rejects an async method’s call with the original error, and never runs it', async () => {
    expect(await rejectionOf(() => tenants.save(''))).toBe(noTenant);
    const call = protect(async (tenant: string) => tenant, [guard({ args: [crashing] })], {
      runtime,
      name: 'call',
    });
    expect(await rejectionOf(() => call(''))).toBe(noTenant);
    expect(tenants.ran).toEqual([]);
  });

  it('throws out of a sync method’s call, and never runs it', () => {
    expect(() => tenants.saveNow('')).toThrow(noTenant);
    expect(tenants.ran).toEqual([]);
  });
});

describe('a Cache key function that throws', () => {
  it('rejects an async method’s call with a CacheKeyError, counted as a key error', async () => {
    const refused = await rejectionOf(() => tenants.profile(''));
    expect(CacheKeyError.is(refused)).toBe(true);
    expect((refused as Error).cause).toBe(noTenant);
    expect(cacheStatistics(runtime).get('cache-async')?.keyErrors).toBe(1);
  });

  it('throws a CacheKeyError out of a sync method’s call, counted as a key error', () => {
    expect(() => tenants.profileNow('')).toThrow(CacheKeyError);
    expect(cacheStatistics(runtime).get('cache-sync')?.keyErrors).toBe(1);
    expect(tenants.ran).toEqual([]);
  });
});

describe('a throwing key function on a method of unknown kind (no metadata)', () => {
  /** Returns a promise without being an async function: unknown to protect() at weave time. */
  const lookUp = (tenant: string): Promise<string> => Promise.resolve(tenant);

  it('is thrown while every aspect serves sync methods and the method has not answered', async () => {
    const call = protect(lookUp, [circuitBreaker({ key: tenantOf })], { runtime });
    expect(() => call('')).toThrow(noTenant);
    await expect(call('a')).resolves.toBe('a');
    expect(await rejectionOf(() => call(''))).toBe(noTenant);
  });

  it('is thrown out of a sync method and rejects an async one under tsx in a real process, with no unhandled rejection', async () => {
    expect(await runFixture('throwingKey', 'run')).toMatchObject({
      code: 0,
      stdout: ['threw no tenant', 'returned 2', 'threw no tenant', 'rejected no tenant'].join('\n'),
    });
  });

  it('is a rejection from the first call under an aspect that needs time', async () => {
    const call = protect(lookUp, [circuitBreaker({ key: tenantOf }), timeout(1_000)], {
      runtime,
    });
    expect(await rejectionOf(() => call(''))).toBe(noTenant);
  });
});
