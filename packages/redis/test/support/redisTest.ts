import { describe } from '@jest/globals';
import { type RedisServer, redisServerAvailable, startRedisServer } from '@ballast/testing';

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
