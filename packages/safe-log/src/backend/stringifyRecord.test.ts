import { afterEach, describe, expect, it } from '@jest/globals';
import { stringifyRecord } from './stringifyRecord.js';

const samples: Record<string, Record<string, unknown>> = {
  flat: { level: 'info', message: 'Catalog.find success', durationMs: 12.5, attempts: 1, ok: true },
  empty: {},
  escapes: {
    quote: 'say "hi"',
    backslash: 'C:\\logs',
    control: 'tab\there\nnewline \u0000 \u001f',
    unicode: 'é – 漢字 😀',
    loneSurrogates: 'broken \ud800 and \udfff',
    long: `${'x'.repeat(300)}"`,
  },
  numbers: {
    nan: Number.NaN,
    inf: Infinity,
    negInf: -Infinity,
    negZero: -0,
    big: 1e21,
    small: 1e-7,
  },
  skipped: { u: undefined, f: () => 1, s: Symbol('x'), kept: null },
  nested: { error: { name: 'Error', cause: { message: 'x"y' } }, list: [1, 'a', null, undefined] },
  keys: { 'a"b': 1, 'new\nline': 2, '': 3, é: 4 },
};

afterEach(() => {
  delete (Object.prototype as Record<string, unknown>).polluted;
});

describe('stringifyRecord', () => {
  it.each(Object.entries(samples))(
    'writes exactly what JSON.stringify writes (%s)',
    (_, record) => {
      expect(stringifyRecord(record)).toBe(JSON.stringify(record));
    },
  );

  it('ignores keys added to Object.prototype, as JSON.stringify does', () => {
    (Object.prototype as Record<string, unknown>).polluted = 'x';
    expect(stringifyRecord(samples.flat!)).toBe(JSON.stringify(samples.flat));
  });

  it('handles objects without the usual prototype', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1, b: 'c' });
    expect(stringifyRecord(bare)).toBe('{"a":1,"b":"c"}');
  });
});
