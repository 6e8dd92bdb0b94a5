import { describe, expect, it } from '@jest/globals';
import { BallastError } from './BallastError.js';
import { errorCode } from './errorCode.js';
import { errorKind } from './errorKind.js';
import { ConfigError, UnknownPolicyError } from './kernelErrors.js';

describe('BallastError', () => {
  it('has a stable code, a fixed name and keeps the cause', () => {
    const cause = new Error('root');
    const error = new ConfigError('bad', { cause });
    expect(error.code).toBe('BALLAST_ERR_CONFIG');
    expect(error.name).toBe('ConfigError');
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(BallastError);
  });

  it('is() checks the brand on the base class and the code on subclasses', () => {
    const error = new ConfigError('bad');
    expect(BallastError.is(error)).toBe(true);
    expect(ConfigError.is(error)).toBe(true);
    expect(UnknownPolicyError.is(error)).toBe(false);
    expect(BallastError.is(new Error('plain'))).toBe(false);
    expect(BallastError.is(null)).toBe(false);
  });

  it('is() recognises errors from a duplicate copy of the package by their Symbol.for brand', () => {
    const foreign = Object.assign(new Error('from another copy'), { code: 'BALLAST_ERR_CONFIG' });
    Object.defineProperty(foreign, Symbol.for('ballast.error'), { value: true });
    expect(ConfigError.is(foreign)).toBe(true);
  });

  it('can skip the stack trace for fail-fast paths', () => {
    const error = new BallastError('BALLAST_ERR_CONFIG', 'cheap', { captureStack: false });
    expect(error.stack?.split('\n')).toHaveLength(1);
  });

  it('errorCode reads a string code from any error-like value', () => {
    expect(errorCode(new ConfigError('bad'))).toBe('BALLAST_ERR_CONFIG');
    expect(errorCode(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    expect(errorCode({ code: 42 })).toBeUndefined();
    expect(errorCode(null)).toBeUndefined();
  });

  it('errorCode and is() never throw, even for a value whose reads throw', () => {
    const trap = (): never => {
      throw new Error('trap');
    };
    const proxy = new Proxy({}, { get: trap, getPrototypeOf: trap, has: trap });
    const getter = Object.defineProperty(new Error('x'), 'code', { get: trap });
    expect(errorCode(proxy)).toBeUndefined();
    expect(errorCode(getter)).toBeUndefined();
    expect(BallastError.is(proxy)).toBe(false);
    const branded = Object.defineProperty(new ConfigError('x'), 'code', { get: trap });
    expect(ConfigError.is(branded)).toBe(false);
  });

  it('errorKind reads the kind a ballast error declares, and nothing from any other value', () => {
    expect(errorKind(new ConfigError('bad'))).toBe('config');
    expect(errorKind(new BallastError('ACME_ERR', 'no kind declared'))).toBeUndefined();
    expect(errorKind(Object.assign(new Error('look-alike'), { kind: 'config' }))).toBeUndefined();
    const trap = (): never => {
      throw new Error('trap');
    };
    const branded = Object.defineProperty(new ConfigError('x'), 'kind', { get: trap });
    expect(errorKind(branded)).toBeUndefined();
    expect(
      errorKind(new Proxy({}, { get: trap, getPrototypeOf: trap, has: trap })),
    ).toBeUndefined();
  });
});
