import {
  AspectPrecedence,
  type AspectUse,
  createDecorator,
  defineAspect,
  OptionsReader,
} from '@ballast/core';
import { createBulkheadAdvice } from './BulkheadAdvice.js';

/** Options of {@link Bulkhead} and {@link bulkhead}; a number is shorthand for `maxConcurrent`. */
export interface BulkheadOptions {
  /**
   * Registry name; bulkheads with the same name share their slots and queue.
   * @default the method's qualified name (`Class.method`)
   */
  readonly name?: string;
  /**
   * Calls running at once.
   * @default 10
   */
  readonly maxConcurrent?: number;
  /**
   * Calls waiting for a slot; more are refused at once. 0 = fail fast, no waiting.
   * @default 0
   */
  readonly maxQueue?: number;
  /**
   * Milliseconds a call may wait in the queue (also bounded by the call-context deadline).
   * @default 1000
   */
  readonly queueTimeout?: number;
  /**
   * Called when a call is refused (queue full, or waited too long), with the
   * `bulkhead.rejected` payload. A hook that throws is counted in `hookErrors`.
   * @default none
   */
  readonly onRejected?: (event: BulkheadRejectedEvent) => void;
}

/** Payload of `bulkhead.rejected` (and the `onRejected` hook): a bulkhead refused a call. */
export interface BulkheadRejectedEvent {
  readonly policy: string;
  /** `full`: no slot and no room in the queue; `queueTimeout`: waited too long for a slot. */
  readonly reason: 'full' | 'queueTimeout';
}

declare module '@ballast/core' {
  interface BallastEvents {
    'bulkhead.rejected': BulkheadRejectedEvent;
  }
}

/** Validated, defaulted {@link BulkheadOptions}. */
export interface BulkheadConfig {
  readonly name: string | undefined;
  readonly maxConcurrent: number;
  readonly maxQueue: number;
  readonly queueTimeout: number;
  readonly onRejected: ((event: BulkheadRejectedEvent) => void) | undefined;
}

const KEYS = [
  'name',
  'maxConcurrent',
  'maxQueue',
  'queueTimeout',
  'onRejected',
] as const satisfies readonly (keyof BulkheadOptions)[];

function readBulkheadConfig(
  input: BulkheadOptions | number | undefined,
  where: string,
): BulkheadConfig {
  const read = new OptionsReader(
    where,
    typeof input === 'number' ? { maxConcurrent: input } : input,
    KEYS,
  );
  return {
    name: read.has('name') ? read.string('name', '') : undefined,
    maxConcurrent: read.number('maxConcurrent', 10, { integer: true, min: 1, max: 1_000_000 }),
    maxQueue: read.number('maxQueue', 0, { integer: true, min: 0, max: 1_000_000 }),
    queueTimeout: read.number('queueTimeout', 1_000, { above: 0, max: 86_400_000 }),
    onRejected: read.func<(event: BulkheadRejectedEvent) => void>('onRejected'),
  };
}

/** The bulkhead aspect; see {@link Bulkhead}. */
export const BulkheadAspect = defineAspect<BulkheadConfig, BulkheadOptions | number>({
  name: 'Bulkhead',
  precedence: AspectPrecedence.Bulkhead,
  supportsSync: false,
  validate: readBulkheadConfig,
  create: createBulkheadAdvice,
});

/**
 * Caps how many calls run at once, so one slow dependency cannot take every connection or
 * every event-loop turn. Extra calls wait in a bounded queue for a bounded time, then fail with
 * `BulkheadFullError` (`BALLAST_ERR_BULKHEAD_FULL`). Async methods only.
 *
 * @example
 * ```ts
 * class ReportService {
 *   @Bulkhead({ maxConcurrent: 4, maxQueue: 20, queueTimeout: 2_000 })
 *   async render(id: string): Promise<Buffer> { … }
 * }
 * ```
 */
export const Bulkhead = createDecorator(BulkheadAspect);

/**
 * Functional form of {@link Bulkhead} for `protect()`.
 *
 * @example
 * ```ts
 * const convert = protect(runFfmpeg, [bulkhead({ maxConcurrent: 2, maxQueue: 10 })], { name: 'ffmpeg' });
 * ```
 */
export function bulkhead(options?: BulkheadOptions | number | string): AspectUse {
  return BulkheadAspect.use(options);
}
