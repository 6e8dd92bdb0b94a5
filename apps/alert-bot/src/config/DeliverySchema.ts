import { Defaulted } from '@ballast/schema';
import Type from 'typebox';
import { DAY_MS, ms } from './configFields.js';
import { ALERTING_RETRY_SCHEDULE } from './defaultConfig.js';

/** An exponential retry schedule: `baseMs × factor^n`, capped at `maxMs`, `retries` waits. */
export const ExponentialScheduleSchema = Type.Object(
  {
    baseMs: Type.Number({ exclusiveMinimum: 0, maximum: DAY_MS }),
    factor: Defaulted(Type.Number({ minimum: 1, maximum: 100 }), 2),
    maxMs: Defaulted(Type.Number({ minimum: 0, maximum: 7 * DAY_MS }), 3_600_000),
    retries: Type.Integer({ minimum: 0, maximum: 100 }),
  },
  { additionalProperties: false },
);

/**
 * How notifications are sent. Attempts are timed out at four times the channel's observed p99
 * latency, kept between `minAttemptTimeoutMs` and `attemptTimeoutMs`, so a receiver that hangs
 * now and then costs about a second per hung attempt instead of the full limit.
 */
export const DeliverySchema = Type.Refine(
  Type.Object(
    {
      concurrency: Defaulted(Type.Integer({ minimum: 1, maximum: 1_000 }), 16),
      pollIntervalMs: Defaulted(ms(1, 3_600_000), 1_000),
      leaseMs: Defaulted(ms(100, DAY_MS), 30_000),
      attemptTimeoutMs: Defaulted(ms(10, 300_000), 10_000),
      minAttemptTimeoutMs: Defaulted(ms(10, 300_000), 1_000),
      retrySchedule: Defaulted(
        Type.Union([Type.Array(ms(0, 7 * DAY_MS), { maxItems: 100 }), ExponentialScheduleSchema], {
          description:
            'an array of at most 100 waits in ms (0 to 7 days), or { baseMs, factor?, maxMs?, retries }',
        }),
        [...ALERTING_RETRY_SCHEDULE],
      ),
      jitter: Defaulted(Type.Number({ minimum: 0, maximum: 1 }), 0.2),
      drainTimeoutMs: Defaulted(ms(0, 600_000), 10_000),
    },
    { additionalProperties: false },
  ),
  // A lease shorter than an attempt would let a second worker resend a delivery still in flight.
  (delivery) => delivery.leaseMs! > delivery.attemptTimeoutMs!,
  () => 'leaseMs must be longer than attemptTimeoutMs',
);
