import { describe, expect, it } from '@jest/globals';
import { validateAlertInput } from './validateAlertInput.js';

describe('validateAlertInput', () => {
  it('accepts a complete alert as given', () => {
    const input = {
      id: 'deploy:42',
      title: 'deploy failed',
      severity: 'critical',
      message: 'rollback',
      source: 'ci',
      labels: { env: 'prod' },
    };
    expect(validateAlertInput(input)).toEqual({ ok: true, value: input });
  });

  it('requires only a title', () => {
    expect(validateAlertInput({ title: 'x' })).toEqual({ ok: true, value: { title: 'x' } });
  });

  it.each([
    [null, 'body'],
    [{ title: '   ' }, 'title'],
    [{ title: 'x'.repeat(201) }, 'title'],
    [{ title: 'x', message: 'y'.repeat(4_001) }, 'message'],
    [{ title: 'x', source: '' }, 'source'],
    [
      {
        title: 'x',
        labels: Object.fromEntries(Array.from({ length: 21 }, (_, n) => [`k${n}`, 'v'])),
      },
      'labels',
    ],
    [{ title: 'x', labels: { 'bad key': 'v' } }, 'labels.bad key'],
  ])('names the first bad field of %j', (input, field) => {
    expect(validateAlertInput(input)).toMatchObject({ ok: false, field });
  });
});
