import { OptionsReader } from '@ballast/core';
import type { DeliveryConfig } from './AlertBotConfig.js';
import { SVIX_RETRY_SCHEDULE } from './defaultConfig.js';

const WHERE = 'alert-bot config: delivery';
const DAY_MS = 86_400_000;

function readExponential(input: unknown): number[] {
  const read = new OptionsReader(`${WHERE}.retrySchedule`, input, [
    'baseMs',
    'factor',
    'maxMs',
    'retries',
  ]);
  if (!read.has('baseMs')) read.fail('baseMs', 'a number of milliseconds > 0');
  if (!read.has('retries')) read.fail('retries', 'an integer from 0 to 100');
  const baseMs = read.number('baseMs', 0, { above: 0, max: DAY_MS });
  const factor = read.number('factor', 2, { min: 1, max: 100 });
  const maxMs = read.number('maxMs', 36_000_000, { min: baseMs, max: 7 * DAY_MS });
  const retries = read.number('retries', 0, { integer: true, min: 0, max: 100 });
  return Array.from({ length: retries }, (_, n) => Math.min(maxMs, baseMs * factor ** n));
}

function readSchedule(read: OptionsReader): readonly number[] {
  const value = read.raw('retrySchedule');
  if (value === undefined) return SVIX_RETRY_SCHEDULE;
  if (!Array.isArray(value)) return readExponential(value);
  const valid =
    value.length <= 100 &&
    value.every(
      (wait) =>
        typeof wait === 'number' && Number.isFinite(wait) && wait >= 0 && wait <= 7 * DAY_MS,
    );
  if (!valid)
    read.fail(
      'retrySchedule',
      'an array of at most 100 waits in ms (0 to 7 days), or { baseMs, factor?, maxMs?, retries }',
    );
  return value as number[];
}

/** Validates the `delivery` section. */
export function readDeliveryConfig(input: unknown): DeliveryConfig {
  const read = new OptionsReader(WHERE, input, [
    'concurrency',
    'pollIntervalMs',
    'leaseMs',
    'attemptTimeoutMs',
    'retrySchedule',
    'jitter',
    'drainTimeoutMs',
  ]);
  const attemptTimeoutMs = read.number('attemptTimeoutMs', 10_000, { min: 10, max: 300_000 });
  const leaseMs = read.number('leaseMs', Math.max(60_000, 2 * attemptTimeoutMs), {
    min: 100,
    max: DAY_MS,
  });
  // A lease shorter than an attempt would let a second worker resend a delivery still in flight.
  if (leaseMs <= attemptTimeoutMs)
    read.fail('leaseMs', `longer than delivery.attemptTimeoutMs (${attemptTimeoutMs} ms)`);
  return {
    concurrency: read.number('concurrency', 8, { integer: true, min: 1, max: 1_000 }),
    pollIntervalMs: read.number('pollIntervalMs', 1_000, { min: 1, max: 3_600_000 }),
    leaseMs,
    attemptTimeoutMs,
    retrySchedule: readSchedule(read),
    jitter: read.number('jitter', 0.2, { min: 0, max: 1 }),
    drainTimeoutMs: read.number('drainTimeoutMs', 10_000, { min: 0, max: 600_000 }),
  };
}
