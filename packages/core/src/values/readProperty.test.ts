import { describe, expect, it } from '@jest/globals';
import { readProperty } from './readProperty.js';

describe('readProperty', () => {
  it('reads a property of an object or function, and undefined from anything else', () => {
    expect(readProperty({ code: 'E' }, 'code')).toBe('E');
    expect(
      readProperty(
        Object.assign(() => 0, { code: 'F' }),
        'code',
      ),
    ).toBe('F');
    expect(readProperty(null, 'code')).toBeUndefined();
    expect(readProperty('text', 'length')).toBeUndefined();
  });

  it('answers undefined where the read throws: a getter or a proxy trap', () => {
    const getter = Object.defineProperty({}, 'cause', {
      get(): never {
        throw new Error('getter');
      },
    });
    const proxy = new Proxy(
      {},
      {
        get(): never {
          throw new Error('trap');
        },
      },
    );
    expect(readProperty(getter, 'cause')).toBeUndefined();
    expect(readProperty(proxy, 'then')).toBeUndefined();
  });
});
