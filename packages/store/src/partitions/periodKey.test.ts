import { describe, expect, it } from '@jest/globals';
import { partitionFilePattern, periodKey } from './periodKey.js';

describe('periodKey', () => {
  it('names the UTC period of a time', () => {
    const at = Date.parse('2026-11-22T23:59:59Z');
    expect(periodKey(at, 'year')).toBe('2026');
    expect(periodKey(at, 'month')).toBe('2026-11');
    expect(periodKey(at, 'day')).toBe('2026-11-22');
  });

  it('matches only partition files of its name and period', () => {
    const pattern = partitionFilePattern('events', 'month');
    expect(pattern.exec('events.2026-11.db')?.[1]).toBe('2026-11');
    expect(pattern.test('events.2026-11.db-wal')).toBe(false);
    expect(pattern.test('events.2026.db')).toBe(false);
    expect(pattern.test('other.2026-11.db')).toBe(false);
  });
});
