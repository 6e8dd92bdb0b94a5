import { describe, expect, it } from '@jest/globals';
import { statusClass } from './statusClass.js';

describe('statusClass', () => {
  it.each([200, 201, 204, 299])('treats %i as ok', (status) =>
    expect(statusClass(status)).toBe('ok'),
  );
  it.each([408, 425, 429, 500, 502, 503, 504, 599])('treats %i as retryable', (status) =>
    expect(statusClass(status)).toBe('retryable'),
  );
  it('treats 410 as gone', () => expect(statusClass(410)).toBe('gone'));
  it.each([100, 301, 304, 400, 401, 403, 404, 409, 422, 451])('treats %i as permanent', (status) =>
    expect(statusClass(status)).toBe('permanent'),
  );
});
