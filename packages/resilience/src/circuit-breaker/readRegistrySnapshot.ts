import { ConfigError } from '@ballast/core';
import type { BreakerSnapshot } from './BreakerSnapshot.js';
import type { BreakerGroupSnapshot } from './BreakerGroup.js';
import { BREAKER_STATES, type BreakerState, type ManualBreakerState } from './BreakerState.js';

const MANUAL: readonly string[] = ['CLOSED', 'FORCED_OPEN', 'DISABLED', 'METRICS_ONLY'];

function fail(path: string, expected: string): never {
  throw new ConfigError(`breakerRegistry.hydrate: ${path} must be ${expected}.`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readBreaker(value: unknown, path: string): BreakerSnapshot {
  if (!isRecord(value)) fail(path, 'an object { state, openCount, retryAfterMs }');
  const { state, openCount, retryAfterMs } = value;
  if (!BREAKER_STATES.includes(state as BreakerState))
    fail(`${path}.state`, `one of ${BREAKER_STATES.join(', ')}`);
  if (typeof openCount !== 'number' || !Number.isInteger(openCount) || openCount < 0) {
    fail(`${path}.openCount`, 'an integer >= 0');
  }
  if (typeof retryAfterMs !== 'number' || !Number.isFinite(retryAfterMs) || retryAfterMs < 0) {
    fail(`${path}.retryAfterMs`, 'a finite number >= 0');
  }
  return { state: state as BreakerState, openCount, retryAfterMs };
}

function readGroup(value: unknown, path: string): BreakerGroupSnapshot {
  if (!isRecord(value)) fail(path, 'an object { name, breaker? | keys? }');
  const { name, override, breaker, keys } = value;
  if (typeof name !== 'string' || name.length === 0) fail(`${path}.name`, 'a non-empty string');
  if (override !== undefined && !MANUAL.includes(override as string)) {
    fail(`${path}.override`, `one of ${MANUAL.join(', ')}`);
  }
  if (keys !== undefined && !Array.isArray(keys)) fail(`${path}.keys`, 'an array');
  const keyed = (keys ?? []).map((entry: unknown, index: number) => {
    const where = `${path}.keys[${index}]`;
    if (!isRecord(entry) || typeof entry.key !== 'string') fail(`${where}.key`, 'a string');
    return { key: entry.key, ...readBreaker(entry, where) };
  });
  return {
    name,
    ...(override === undefined ? {} : { override: override as ManualBreakerState }),
    ...(breaker === undefined ? {} : { breaker: readBreaker(breaker, `${path}.breaker`) }),
    keys: keyed,
  };
}

/**
 * Validates a registry snapshot (as written by `BreakerRegistry.toJSON`) before anything is
 * restored, so a damaged file fails with a `ConfigError` naming the bad field.
 */
export function readRegistrySnapshot(snapshot: unknown): BreakerGroupSnapshot[] {
  if (!isRecord(snapshot) || snapshot.version !== 1 || !Array.isArray(snapshot.breakers)) {
    fail('the snapshot', 'an object { version: 1, breakers: [...] } from BreakerRegistry.toJSON()');
  }
  return snapshot.breakers.map((entry: unknown, index: number) =>
    readGroup(entry, `breakers[${index}]`),
  );
}
