import { describe, expect } from '@jest/globals';
import {
  type ManualClock,
  type RedisServer,
  redisServerAvailable,
  startRedisServer,
} from '@ballast/testing';

/** `describe` when redis-server is installed; `describe.skip` with a message otherwise (a failure under CI=true). */
export function describeWithRedis(file: string): typeof describe | typeof describe.skip {
  return redisServerAvailable(file) ? describe : describe.skip;
}

/** A unique key prefix per test, so tests on one server never see each other's keys. */
let prefixes = 0;
export function freshPrefix(): string {
  return `t${process.pid}-${++prefixes}:`;
}

/** Resolves once `predicate` holds, polling every 10 ms; rejects after `withinMs`. */
export async function until(
  predicate: () => boolean | Promise<boolean>,
  withinMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export { type RedisServer, startRedisServer };

/**
 * Advances `clock` and checks that `promise` is still pending 1 ms before `ms` and settled at
 * `ms` (a call to a hung Redis answered exactly at its timeout); resolves with its value.
 */
export async function settlesAt<T>(
  clock: ManualClock,
  promise: Promise<T>,
  ms: number,
): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => {
    settled = true;
  });
  await clock.advanceAsync(ms - 1);
  expect(settled).toBe(false);
  await clock.advanceAsync(1);
  expect(settled).toBe(true);
  return watched;
}
