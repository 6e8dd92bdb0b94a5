import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CancelledError, ConfigError, createRuntime, type Runtime, weave } from '@ballast/core';
import { cacheStatistics, hedgeStatistics, resilience, Resilient } from '@ballast/resilience';
import { ManualClock } from '@ballast/testing';
import { z } from 'zod';
import { outcomeOf } from './outcomes.js';

describe('reusable policies with a guard, a cache and a hedge', () => {
  let clock: ManualClock;
  let runtime: Runtime;
  beforeEach(() => {
    clock = new ManualClock(1_000);
    runtime = createRuntime({ clock });
  });
  afterEach(() => runtime.dispose());

  it('caches executions by their cacheKey, and refuses an execution without one', async () => {
    const rates = resilience({ name: 'rates', runtime, cache: { ttlMs: 60_000 } });
    let runs = 0;
    const load = async (): Promise<number> => ++runs;
    expect(await rates.execute(load, { cacheKey: 'EUR' })).toBe(1);
    expect(await rates.execute(load, { cacheKey: 'EUR' })).toBe(1);
    expect(await rates.execute(load, { cacheKey: 'USD' })).toBe(2);
    await expect(rates.execute(load)).rejects.toMatchObject({
      code: 'BALLAST_ERR_CACHE_KEY',
      message:
        'resilience(rates).execute: the policy caches, so each execution needs a { cacheKey } string.',
    });
    expect(cacheStatistics(runtime).get('rates')).toMatchObject({ hits: 1, misses: 2 });
  });

  it('keeps the entries of each method it decorates apart', async () => {
    const lookups = resilience({ name: 'lookups', runtime, cache: {} });
    class Directory {
      @Resilient(lookups)
      async user(id: string): Promise<string> {
        return `user ${id}`;
      }

      @Resilient(lookups)
      async team(id: string): Promise<string> {
        return `team ${id}`;
      }
    }
    const directory = weave(new Directory(), runtime);
    expect([await directory.user('1'), await directory.team('1')]).toEqual(['user 1', 'team 1']);
    expect(await directory.team('1')).toBe('team 1');
    expect(cacheStatistics(runtime).get('lookups')).toMatchObject({
      misses: 2,
      hits: 1,
      entries: 2,
    });
  });

  it('gives each hedged attempt of an execution its own signal, and aborts the loser', async () => {
    const search = resilience({
      name: 'search',
      runtime,
      retry: { maxAttempts: 1 },
      hedge: { idempotent: true, delayMs: 20 },
    });
    const signals: AbortSignal[] = [];
    const answers: ((value: string) => void)[] = [];
    const result = search.execute(
      ({ signal }) =>
        new Promise<string>((resolve) => {
          signals.push(signal!);
          answers.push(resolve);
        }),
    );
    await clock.advanceAsync(20);
    expect(signals).toHaveLength(2);
    expect(signals[0]).not.toBe(signals[1]);
    answers[1]!('from the hedge');
    await expect(result).resolves.toBe('from the hedge');
    expect(CancelledError.is(signals[0]!.reason)).toBe(true);
    expect(hedgeStatistics(runtime).get('search')).toMatchObject({ hedged: 1, hedgeWins: 1 });
  });

  it('checks the result of an execution against its contract', async () => {
    const parse = resilience({ name: 'parse', runtime, guard: { result: z.number() } });
    await expect(parse.execute(() => 1)).resolves.toBe(1);
    const broken = await outcomeOf(parse.execute(() => 'one'));
    expect(broken).toMatchObject({ code: 'BALLAST_ERR_CONTRACT_VIOLATION', subject: 'result' });
  });

  it('refuses argument contracts and cache keys of its own, with a coded error', () => {
    expect(() =>
      resilience({ name: 'p', runtime, guard: { args: [z.string()] } as never }),
    ).toThrow(
      new ConfigError(
        'resilience(p).guard: option "args" is not for a policy: argument contracts belong on each ' +
          'method (@Guard), since a policy runs functions of any shape; give "result" here.',
      ),
    );
    expect(() => resilience({ name: 'p', runtime, cache: { key: () => 'k' } as never })).toThrow(
      /resilience\(p\)\.cache: option "key" is not for a policy/,
    );
    expect(() => resilience({ name: 'p', runtime, hedge: {} as never })).toThrow(
      /resilience\(p\)\.hedge: hedging sends the same call more than once/,
    );
  });
});
