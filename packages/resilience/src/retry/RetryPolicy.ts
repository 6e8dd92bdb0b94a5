import { OptionsReader } from '@ballast/core';
import type { Backoff } from './backoff/Backoff.js';
import { DecorrelatedJitterBackoff } from './backoff/DecorrelatedJitterBackoff.js';
import { type BackoffFunction, FunctionBackoff } from './backoff/FunctionBackoff.js';
import { type ErrorMatcher, readErrorMatcher } from './ErrorMatcher.js';
import { readRetryBudget, type RetryBudgetConfig } from './RetryBudget.js';
import type { RetryAttemptEvent, RetryGiveUpEvent } from './RetryEvents.js';
import type { RetryOptions } from './RetryOptions.js';

/** Validated retry options with every default filled in. Its identity keys the shared budget. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly backoff: Backoff;
  readonly maxDelay: number;
  readonly retryOn: ErrorMatcher | undefined;
  readonly abortOn: ErrorMatcher | undefined;
  readonly retryOnResult: ((result: unknown) => boolean) | undefined;
  readonly maxRetryAfter: number;
  readonly maxDuration: number;
  readonly minAttemptMs: number;
  readonly budget: RetryBudgetConfig | false;
  readonly nested: 'yield' | 'allow';
  readonly context: 'join' | 'start';
  readonly giveUp: 'wrap' | 'rethrow';
  readonly onRetry: ((event: RetryAttemptEvent) => void) | undefined;
  readonly onGiveUp: ((event: RetryGiveUpEvent) => void) | undefined;
  readonly name: string | undefined;
}

const KEYS = [
  'maxAttempts',
  'backoff',
  'maxDelay',
  'retryOn',
  'abortOn',
  'retryOnResult',
  'maxRetryAfter',
  'maxDuration',
  'minAttemptMs',
  'budget',
  'nested',
  'context',
  'giveUp',
  'onRetry',
  'onGiveUp',
  'name',
];

function readBackoff(read: OptionsReader): Backoff {
  const raw = read.raw('backoff');
  if (raw === undefined) return new DecorrelatedJitterBackoff();
  if (typeof raw === 'function') return new FunctionBackoff(raw as BackoffFunction);
  if (typeof raw === 'object' && raw !== null && typeof (raw as Backoff).delay === 'function')
    return raw as Backoff;
  return read.fail(
    'backoff',
    'a Backoff (an object with delay()) or a function (retry, error, result) => ms',
  );
}

/**
 * `giveUp`, or the earlier spelling `onGiveUp: 'wrap' | 'rethrow'`; `onGiveUp` is otherwise the
 * give-up hook. Both at once is refused.
 */
function readGiveUp(read: OptionsReader): Pick<RetryPolicy, 'giveUp' | 'onGiveUp'> {
  const legacy = read.raw('onGiveUp');
  if (legacy !== 'wrap' && legacy !== 'rethrow') {
    return {
      giveUp: read.oneOf('giveUp', 'wrap', ['wrap', 'rethrow'] as const),
      onGiveUp: read.func<(event: RetryGiveUpEvent) => void>('onGiveUp'),
    };
  }
  if (read.has('giveUp')) read.fail('onGiveUp', 'a function (the give-up hook) when giveUp is set');
  return { giveUp: legacy, onGiveUp: undefined };
}

/** Validates `@Retry` input; a bad option is a `ConfigError` naming it and what is allowed. */
export function readRetryPolicy(input: RetryOptions | undefined, where: string): RetryPolicy {
  const read = new OptionsReader(where, input, KEYS);
  const retryOnResult = read.func<(result: unknown) => boolean>('retryOnResult');
  const name = read.has('name') ? read.string('name', '') : undefined;
  return Object.freeze({
    maxAttempts: read.number('maxAttempts', 3, { integer: true, min: 1, max: 10_000 }),
    backoff: readBackoff(read),
    maxDelay: read.number('maxDelay', 10_000, { min: 0 }),
    retryOn: readErrorMatcher(read, 'retryOn'),
    abortOn: readErrorMatcher(read, 'abortOn'),
    retryOnResult,
    maxRetryAfter: read.number('maxRetryAfter', 30_000, { min: 0 }),
    maxDuration: read.number('maxDuration', Infinity, { above: 0 }),
    minAttemptMs: read.number('minAttemptMs', 100, { min: 0 }),
    budget: readRetryBudget(read.raw('budget'), where),
    nested: read.oneOf('nested', 'yield', ['yield', 'allow'] as const),
    context: read.oneOf('context', 'join', ['join', 'start'] as const),
    ...readGiveUp(read),
    onRetry: read.func<(event: RetryAttemptEvent) => void>('onRetry'),
    name,
  });
}
