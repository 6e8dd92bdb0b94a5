import { describe, expect, it } from '@jest/globals';
import { HttpInvalidRequestError } from '../errors/httpErrors.js';
import { PreparedRequest, type RequestDefaults } from './PreparedRequest.js';

const defaults: RequestDefaults = { headers: undefined, idempotencyKeyHeader: 'idempotency-key' };

describe('PreparedRequest', () => {
  it('splits the URL into origin, path with query, and host:port', () => {
    const prepared = new PreparedRequest(
      { url: 'https://hooks.example.com:8443/a/b?x=1' },
      defaults,
    );
    expect(prepared).toMatchObject({
      origin: 'https://hooks.example.com:8443',
      path: '/a/b?x=1',
      host: 'hooks.example.com:8443',
      method: 'GET',
    });
  });

  it('uses / when the URL has no path', () => {
    expect(new PreparedRequest({ url: 'http://127.0.0.1:9' }, defaults)).toMatchObject({
      origin: 'http://127.0.0.1:9',
      path: '/',
    });
  });

  it.each(['GET', 'head', 'OPTIONS', 'PUT', 'DELETE', 'TRACE'])(
    'treats %s as idempotent',
    (method) => {
      expect(new PreparedRequest({ url: 'http://a/', method }, defaults).idempotent).toBe(true);
    },
  );

  it('treats POST and PATCH as idempotent only with an idempotency key', () => {
    expect(new PreparedRequest({ url: 'http://a/', method: 'POST' }, defaults).idempotent).toBe(
      false,
    );
    expect(new PreparedRequest({ url: 'http://a/', method: 'PATCH' }, defaults).idempotent).toBe(
      false,
    );
    const keyed = new PreparedRequest(
      { url: 'http://a/', method: 'POST', idempotencyKey: 'k' },
      defaults,
    );
    expect(keyed.idempotent).toBe(true);
    expect(keyed.headers).toEqual({ 'idempotency-key': 'k' });
  });

  it('keeps the caller headers object when nothing needs adding', () => {
    const headers = { accept: 'text/plain' };
    expect(new PreparedRequest({ url: 'http://a/', headers }, defaults).headers).toBe(headers);
  });

  it('serialises json and lets a caller content-type of any case win', () => {
    const prepared = new PreparedRequest(
      {
        url: 'http://a/',
        method: 'POST',
        json: { a: 1 },
        headers: { 'Content-Type': 'application/vnd+json' },
      },
      defaults,
    );
    expect(prepared.body).toBe('{"a":1}');
    expect(prepared.headers).toEqual({ 'content-type': 'application/vnd+json' });
  });

  it.each(['/relative', 'ftp://a/b', 'http://', ''])(
    'rejects %j with HttpInvalidRequestError',
    (url) => {
      expect(() => new PreparedRequest({ url }, defaults)).toThrow(HttpInvalidRequestError);
    },
  );
});
