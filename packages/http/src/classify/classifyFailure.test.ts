import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@ballast/core';
import { errors } from 'undici';
import {
  HttpAbortedError,
  HttpBodyTooLargeError,
  HttpInvalidRequestError,
  HttpNetworkError,
  HttpTimeoutError,
} from '../errors/httpErrors.js';
import { classifyFailure, type FailureLimits } from './classifyFailure.js';

const target = { host: 'api.example:443', method: 'GET' };
const limits: FailureLimits = {
  connectTimeoutMs: 5,
  headersTimeoutMs: 6,
  bodyTimeoutMs: 7,
  maxResponseBytes: 8,
  deadlineBound: false,
};

describe('classifyFailure', () => {
  it('maps undici timeouts to HttpTimeoutError with the phase and limit', () => {
    const connect = classifyFailure(new errors.ConnectTimeoutError(), target, limits, false);
    expect(connect).toBeInstanceOf(HttpTimeoutError);
    expect(connect).toMatchObject({
      phase: 'connect',
      retryable: true,
      host: 'api.example:443',
      status: undefined,
    });
    expect(connect.message).toContain('connect timeout after 5 ms');
    expect(classifyFailure(new errors.HeadersTimeoutError(), target, limits, false)).toMatchObject({
      phase: 'headers',
    });
    expect(classifyFailure(new errors.BodyTimeoutError(), target, limits, false)).toMatchObject({
      phase: 'body',
    });
  });

  it('reports a timeout shortened by the call deadline as a deadline timeout', () => {
    const error = classifyFailure(
      new errors.HeadersTimeoutError(),
      target,
      { ...limits, deadlineBound: true },
      false,
    );
    expect(error).toMatchObject({ phase: 'deadline', retryable: true });
  });

  it('maps socket and parser failures to a retryable HttpNetworkError keeping the cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED',
    });
    const error = classifyFailure(refused, target, limits, false);
    expect(error).toBeInstanceOf(HttpNetworkError);
    expect(error).toMatchObject({
      retryable: true,
      code: 'BALLAST_ERR_HTTP_NETWORK',
      cause: refused,
    });
    expect(
      classifyFailure(new errors.SocketError('other side closed'), target, limits, false),
    ).toBeInstanceOf(HttpNetworkError);
  });

  it('maps an oversized body, a bad argument and an abort to their own non-retryable errors', () => {
    expect(
      classifyFailure(new errors.ResponseExceededMaxSizeError(), target, limits, false),
    ).toBeInstanceOf(HttpBodyTooLargeError);
    expect(
      classifyFailure(new errors.InvalidArgumentError('bad header'), target, limits, false),
    ).toBeInstanceOf(HttpInvalidRequestError);
    const aborted = classifyFailure(
      new DOMException('aborted', 'AbortError'),
      target,
      limits,
      true,
    );
    expect(aborted).toBeInstanceOf(HttpAbortedError);
    expect(aborted).toMatchObject({ retryable: false });
  });

  it('passes a ballast error given as abort reason through unchanged', () => {
    const reason = new ConfigError('from an aspect');
    expect(classifyFailure(reason, target, limits, true)).toBe(reason);
  });
});
