import { describe, expect, it } from '@jest/globals';
import { parseRetryAfter } from './parseRetryAfter.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');

  it('reads delay-seconds as milliseconds', () => {
    expect(parseRetryAfter('120', now, 600_000)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now, 600_000)).toBe(0);
  });

  it('reads an HTTP-date as the time left until it', () => {
    expect(parseRetryAfter('Sun, 22 Nov 2026 12:00:30 GMT', now, 600_000)).toBe(30_000);
  });

  it('treats a date in the past as no wait', () => {
    expect(parseRetryAfter('Sun, 22 Nov 2026 11:00:00 GMT', now, 600_000)).toBe(0);
  });

  it('caps long waits, in both forms', () => {
    expect(parseRetryAfter('86400', now, 60_000)).toBe(60_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 12:00:00 GMT', now, 60_000)).toBe(60_000);
  });

  it('returns undefined for an absent, empty or unreadable header', () => {
    expect(parseRetryAfter(undefined, now, 60_000)).toBeUndefined();
    expect(parseRetryAfter('', now, 60_000)).toBeUndefined();
    expect(parseRetryAfter('soon', now, 60_000)).toBeUndefined();
    expect(parseRetryAfter('-5', now, 60_000)).toBeUndefined();
  });

  it('uses the first value when the header is repeated', () => {
    expect(parseRetryAfter(['2', '9'], now, 60_000)).toBe(2_000);
  });
});
