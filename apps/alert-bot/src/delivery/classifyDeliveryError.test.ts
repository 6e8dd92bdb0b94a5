import { describe, expect, it } from '@jest/globals';
import {
  HttpGoneError,
  HttpNetworkError,
  HttpPermanentError,
  HttpRetryableError,
} from '@ballast/http';
import { CircuitOpenError, RateLimitedError } from '@ballast/resilience';
import { ChannelDisabledError } from '../errors/alertBotErrors.js';
import { classifyDeliveryError, describeError } from './classifyDeliveryError.js';

const host = '127.0.0.1:1';

describe('classifyDeliveryError', () => {
  it('defers, without spending an attempt, when our own breaker or rate limit refuses', () => {
    expect(classifyDeliveryError(new CircuitOpenError('b', undefined, 'OPEN', 1_500), 400)).toEqual(
      { kind: 'defer', waitMs: 1_500 },
    );
    expect(classifyDeliveryError(new RateLimitedError('r', undefined, 900), 400)).toEqual({
      kind: 'defer',
      waitMs: 900,
    });
  });

  it('waits at most one attempt behind a half-open probe, and a minute behind a forced-open breaker', () => {
    expect(
      classifyDeliveryError(new CircuitOpenError('b', undefined, 'HALF_OPEN', 60_000), 400),
    ).toEqual({ kind: 'defer', waitMs: 400 });
    expect(
      classifyDeliveryError(new CircuitOpenError('b', undefined, 'FORCED_OPEN', Infinity), 400),
    ).toEqual({ kind: 'defer', waitMs: 60_000 });
  });

  it('sorts 410, permanent errors and retryable ones', () => {
    expect(
      classifyDeliveryError(new HttpGoneError({ host, method: 'POST', status: 410 }), 400),
    ).toEqual({ kind: 'gone' });
    expect(
      classifyDeliveryError(new HttpPermanentError({ host, method: 'POST', status: 400 }), 400),
    ).toEqual({ kind: 'permanent' });
    expect(classifyDeliveryError(new ChannelDisabledError('ops', '410'), 400)).toEqual({
      kind: 'permanent',
    });
    expect(
      classifyDeliveryError(
        new HttpRetryableError({ host, method: 'POST', status: 429, retryAfterMs: 2_000 }),
        400,
      ),
    ).toEqual({ kind: 'retry', retryAfterMs: 2_000 });
    expect(
      classifyDeliveryError(new HttpNetworkError('reset', { host, method: 'POST' }), 400),
    ).toEqual({ kind: 'retry', retryAfterMs: 0 });
    expect(classifyDeliveryError(new Error('unexpected'), 400)).toEqual({
      kind: 'retry',
      retryAfterMs: 0,
    });
  });

  it('describes errors by code when they have one', () => {
    expect(describeError(new ChannelDisabledError('ops', 'gone'))).toMatch(
      /^ALERT_CHANNEL_DISABLED: Channel "ops"/,
    );
    expect(describeError(new TypeError('bad'))).toBe('TypeError: bad');
    expect(describeError('text')).toBe('text');
  });
});
