import { describe, expect, it } from '@jest/globals';
import { keyDenylist } from './keyDenylist.js';
import { patternRedactor } from './patternRedactor.js';
import { Redaction } from './Redaction.js';
import { REDACTED } from './Redactor.js';

const redaction = new Redaction({ includeStack: false });
const copy = (value: unknown): unknown => redaction.copy(value);
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const PEM =
  '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7v\nabc+/=\n-----END RSA PRIVATE KEY-----';

interface Case {
  readonly name: string;
  readonly input: unknown;
  readonly expected: unknown;
}

const corpus: Case[] = [
  {
    name: 'password key',
    input: { user: 'ann', password: 'hunter2' },
    expected: { user: 'ann', password: REDACTED },
  },
  {
    name: 'camelCase token key',
    input: { accessToken: 'abc' },
    expected: { accessToken: REDACTED },
  },
  {
    name: 'snake_case secret key',
    input: { client_secret: 'abc' },
    expected: { client_secret: REDACTED },
  },
  {
    name: 'api key variants',
    input: { apiKey: 1, 'x-api-key': 2, API_KEY: 3 },
    expected: { apiKey: REDACTED, 'x-api-key': REDACTED, API_KEY: REDACTED },
  },
  {
    name: 'private key',
    input: { privateKey: 'k', private_key: 'k' },
    expected: { privateKey: REDACTED, private_key: REDACTED },
  },
  {
    name: 'session ids',
    input: { sessionId: 's', session: { id: 1 } },
    expected: { sessionId: REDACTED, session: REDACTED },
  },
  {
    name: 'HTTP headers',
    input: {
      headers: {
        Authorization: 'Basic dXNlcjpwYXNz',
        Cookie: 'a=b',
        'Set-Cookie': ['sid=1'],
        accept: 'json',
      },
    },
    expected: {
      headers: {
        Authorization: REDACTED,
        Cookie: REDACTED,
        'Set-Cookie': REDACTED,
        accept: 'json',
      },
    },
  },
  {
    name: 'harmless keys that contain auth stay',
    input: { author: 'ann', authority: 'x' },
    expected: { author: 'ann', authority: 'x' },
  },
  { name: 'exact short key auth', input: { auth: 'u:p' }, expected: { auth: REDACTED } },
  {
    name: 'credentials object hidden whole',
    input: { credentials: { user: 'u', pass: 'p' } },
    expected: { credentials: REDACTED },
  },
  {
    name: 'nested objects',
    input: { a: { b: { c: { password: 'x', ok: 1 } } } },
    expected: { a: { b: { c: { password: REDACTED, ok: 1 } } } },
  },
  {
    name: 'arrays of objects',
    input: [{ token: 't' }, { name: 'n' }],
    expected: [{ token: REDACTED }, { name: 'n' }],
  },
  {
    name: 'Bearer token in text',
    input: 'Authorization: Bearer abc.def-ghi_123',
    expected: 'Authorization: Bearer [REDACTED]',
  },
  { name: 'JWT in text', input: `token=${JWT} end`, expected: 'token=[REDACTED] end' },
  {
    name: 'PEM private key',
    input: `key:\n${PEM}\nrest`,
    expected: 'key:\n[REDACTED PRIVATE KEY]\nrest',
  },
  {
    name: 'PEM key cut off before END',
    input: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B',
    expected: '[REDACTED PRIVATE KEY]',
  },
  {
    name: 'AWS access key id',
    input: 'id AKIAIOSFODNN7EXAMPLE used',
    expected: 'id [REDACTED] used',
  },
  {
    name: 'GitHub classic token',
    input: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    expected: '[REDACTED]',
  },
  {
    name: 'GitHub fine-grained token',
    input: 'github_pat_11ABCDEFG0123456789_abcdefghijklmnop',
    expected: '[REDACTED]',
  },
  { name: 'Slack bot token', input: 'xoxb-123456789012-abcdefABCDEF', expected: '[REDACTED]' },
  {
    name: 'Slack webhook URL',
    input: 'post to https://hooks.slack.com/services/T000/B000/XXXXXXXX',
    expected: 'post to https://hooks.slack.com/services/[REDACTED]',
  },
  { name: 'Stripe secret key', input: 'sk_live_51Habcdefghijklmnop', expected: '[REDACTED]' },
  { name: 'Stripe webhook secret', input: 'whsec_abcdefghijklmnopqrstuv', expected: '[REDACTED]' },
  { name: 'npm token', input: 'npm_abcdefghijklmnopqrstuvwxyz0123456789', expected: '[REDACTED]' },
  {
    name: 'URL userinfo',
    input: 'https://admin:s3cret@db.internal:5432/app',
    expected: 'https://[REDACTED]@db.internal:5432/app',
  },
  {
    name: 'URL userinfo in postgres DSN',
    input: { dsn: 'postgres://u:p@h/db' },
    expected: { dsn: 'postgres://[REDACTED]@h/db' },
  },
  {
    name: 'secret query parameter',
    input: 'GET /cb?code=1&access_token=abc&x=2',
    expected: 'GET /cb?code=[REDACTED]&access_token=[REDACTED]&x=2',
  },
  {
    name: 'URL object',
    input: { url: new URL('https://u:p@example.com/a?api_key=k') },
    expected: { url: 'https://[REDACTED]@example.com/a?api_key=[REDACTED]' },
  },
  {
    name: 'Error with cause chain',
    input: new Error('outer', { cause: new Error('inner Bearer abcdefgh') }),
    expected: {
      name: 'Error',
      message: 'outer',
      cause: { name: 'Error', message: 'inner Bearer [REDACTED]' },
    },
  },
  {
    name: 'Error own properties (axios-like config)',
    input: Object.assign(new Error('failed'), {
      code: 'ECONNRESET',
      config: { headers: { authorization: 'x' } },
    }),
    expected: {
      name: 'Error',
      message: 'failed',
      code: 'ECONNRESET',
      config: { headers: { authorization: REDACTED } },
    },
  },
  {
    name: 'BigInt',
    input: { big: 12345678901234567890n },
    expected: { big: '12345678901234567890' },
  },
  {
    name: 'Map with secret keys',
    input: new Map<string, unknown>([
      ['password', 'x'],
      ['n', 1],
    ]),
    expected: { password: REDACTED, n: 1 },
  },
  { name: 'Set', input: new Set(['a', 'Bearer abcdefgh']), expected: ['a', 'Bearer [REDACTED]'] },
  {
    name: 'fetch Headers',
    input: new Headers({ authorization: 'Bearer abcdefgh', accept: 'json' }),
    expected: { authorization: REDACTED, accept: 'json' },
  },
  { name: 'Date', input: { at: new Date(0) }, expected: { at: '1970-01-01T00:00:00.000Z' } },
  {
    name: 'Buffer',
    input: { body: Buffer.from('secret') },
    expected: { body: '[Buffer 6 bytes]' },
  },
  {
    name: 'function and symbol',
    input: { fn: function named() {}, sym: Symbol('s') },
    expected: { fn: '[Function named]', sym: 'Symbol(s)' },
  },
  {
    name: 'null and undefined kept',
    input: { a: null, b: undefined },
    expected: { a: null, b: undefined },
  },
];

describe('Redaction corpus', () => {
  it('has at least 30 cases', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
  });

  it.each(corpus)('redacts: $name', ({ input, expected }) => {
    expect(copy(input)).toEqual(expected);
  });
});

describe('Redaction', () => {
  it('never mutates the input', () => {
    const input = { password: 'p', nested: { token: 't', list: ['Bearer abcdefgh'] } };
    const snapshot = structuredClone(input);
    copy(input);
    expect(input).toEqual(snapshot);
  });

  it('cuts cycles and keeps shared (non-cyclic) references', () => {
    const shared = { n: 1 };
    const node: Record<string, unknown> = { name: 'root', a: shared, b: shared };
    node.self = node;
    node.list = [node];
    expect(copy(node)).toEqual({
      name: 'root',
      a: { n: 1 },
      b: { n: 1 },
      self: '[Circular]',
      list: ['[Circular]'],
    });
  });

  it('survives an Error whose cause is itself', () => {
    const error = new Error('loop');
    (error as { cause?: unknown }).cause = error;
    expect(copy(error)).toEqual({ name: 'Error', message: 'loop', cause: '[Circular]' });
  });

  it('caps huge strings and still masks secrets inside the kept part', () => {
    const huge = `Bearer abcdefghij ${'x'.repeat(1_000_000)}`;
    const out = new Redaction({ maxStringLength: 100 }).copy(huge) as string;
    expect(out.startsWith('Bearer [REDACTED] x')).toBe(true);
    expect(out.length).toBeLessThan(200);
    expect(out).toMatch(/truncated \d+ chars/);
  });

  it('stops at the depth limit', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 10_000; i++) deep = { next: deep };
    const out = new Redaction({ maxDepth: 3 }).copy(deep);
    expect(out).toEqual({ next: { next: { next: '[Object]' } } });
  });

  it('caps arrays and objects', () => {
    const small = new Redaction({ maxArrayLength: 2, maxKeys: 2 });
    expect(small.copy([1, 2, 3, 4])).toEqual([1, 2, '[… 2 more items]']);
    expect(small.copy({ a: 1, b: 2, c: 3 })).toEqual({ a: 1, b: 2, '…': '1 more keys' });
  });

  it('bounds the whole copy when shared references or repeated long strings multiply its size', () => {
    // Each object below is small and acyclic, but every level points 6 times at the next one:
    // walked as a tree that is 6^8 (1.7 million) leaves, tens of megabytes from one log call.
    let fanOut: Record<string, unknown> = { leaf: 'v' };
    for (let level = 0; level < 8; level++) {
      const next: Record<string, unknown> = {};
      for (let key = 0; key < 6; key++) next[`k${key}`] = fanOut;
      fanOut = next;
    }
    const row = new Array<string>(100).fill('x'.repeat(4_000));
    const rows = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`r${i}`, row]));
    for (const input of [fanOut, rows]) {
      const out = JSON.stringify(new Redaction().copy(input));
      expect(out.length).toBeLessThan(300_000);
      expect(out).toContain('[Truncated]');
    }
    const small = new Redaction({ maxTotalLength: 20 });
    expect(small.copy({ a: 'x'.repeat(10), b: 'y'.repeat(10), c: 1 })).toEqual({
      a: 'x'.repeat(10),
      b: '[Truncated]',
      c: '[Truncated]',
    });
  });

  it('leaves near-miss text (a.a.a…, ab+ab+…, eyJa-eyJa-…) as it is and still masks what follows it', () => {
    // The patterns once rescanned such runs from every word (quadratic: ~25 ms per 5 kB string);
    // their speed is the log benchmark's concern, what they mask is this test's.
    const long = new Redaction({ maxStringLength: 200_000 });
    for (const nearMiss of ['a.'.repeat(50_000), 'ab+'.repeat(33_333), 'eyJa-'.repeat(20_000)])
      expect(long.maskString(nearMiss)).toBe(nearMiss);
    expect(long.maskString(`${'a.'.repeat(100)}https://u:p@h`)).toBe(
      `${'a.'.repeat(100)}https://[REDACTED]@h`,
    );
    expect(long.maskString(`1.https://u:p@h x-${JWT}`)).toBe('1.https://[REDACTED]@h x-[REDACTED]');
  });

  it('turns throwing getters and proxies into markers instead of throwing', () => {
    const getter = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    expect(copy(getter)).toEqual({ boom: '[Unreadable]' });
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('trap');
        },
      },
    );
    expect(copy(hostile)).toBe('[Unserializable]');
  });

  it('keeps masked stacks when asked', () => {
    const error = new Error('token Bearer abcdefgh');
    const out = new Redaction().copy(error) as { stack: string };
    expect(out.stack).toContain('Bearer [REDACTED]');
    expect(out.stack).not.toContain('abcdefgh');
  });

  it('accepts custom rules and allow-lists', () => {
    const custom = new Redaction({
      redactors: [
        keyDenylist({ contains: ['iban'], exact: [], allow: ['ibanCountry'] }),
        patternRedactor('ticket', /\bT-\d{4}\b/g, 'T-####'),
      ],
    });
    expect(
      custom.copy({ iban: 'DE00', ibanCountry: 'DE', password: 'kept', note: 'see T-1234' }),
    ).toEqual({
      iban: REDACTED,
      ibanCountry: 'DE',
      password: 'kept',
      note: 'see T-####',
    });
  });

  it('refuses a non-global pattern with a coded error', () => {
    expect(() => patternRedactor('bad', /x/, '')).toThrow(
      expect.objectContaining({
        code: 'BALLAST_ERR_CONFIG',
        message: expect.stringMatching(/g flag/),
      }),
    );
  });

  it('refuses a misspelt keyDenylist option instead of leaving its secrets unhidden', () => {
    expect(() => keyDenylist({ contain: ['iban'] } as never)).toThrow(
      expect.objectContaining({
        code: 'BALLAST_ERR_CONFIG',
        message: 'keyDenylist: unknown option "contain". Allowed: contains, exact, allow.',
      }),
    );
    expect(() => keyDenylist({ allow: 'tokenCount' } as never)).toThrow(
      /keyDenylist: option "allow" must be an array of strings/,
    );
  });

  it('refuses unknown or out-of-range Redaction options', () => {
    expect(() => new Redaction({ maxStringLenght: 10 } as never)).toThrow(
      expect.objectContaining({
        code: 'BALLAST_ERR_CONFIG',
        message: expect.stringMatching(
          /Redaction: unknown option "maxStringLenght". Allowed: redactors, maxDepth/,
        ),
      }),
    );
    expect(() => new Redaction({ maxStringLength: -1 })).toThrow(
      /Redaction: option "maxStringLength" must be an integer >= 1 \(got -1\)/,
    );
  });

  it('refuses a redactor with neither matchesKey() nor mask() instead of skipping it', () => {
    for (const redactors of [[null], [{ name: 'iban', matchKey: () => true }], [{ mask: 5 }]])
      expect(() => new Redaction({ redactors } as never)).toThrow(
        expect.objectContaining({
          code: 'BALLAST_ERR_CONFIG',
          message: expect.stringMatching(
            /^Redaction: option "redactors" must be an array of redactors, each with matchesKey\(key\) or mask\(text\)/,
          ),
        }),
      );
  });

  it('wraps non-object metadata under meta', () => {
    expect(redaction.meta('Bearer abcdefgh')).toEqual({ meta: 'Bearer [REDACTED]' });
    expect(redaction.meta(undefined)).toEqual({});
  });

  it('captures metadata in two halves: copied now, top-level strings masked later to the same result', () => {
    const meta = {
      header: 'Bearer abcdefgh',
      token: 't-1',
      request: { url: 'https://u:p@h/x', tags: ['Bearer abcdefgh'] },
      count: 2,
    };
    const captured: Record<string, unknown> = {};
    redaction.captureMeta(captured, meta);
    expect(captured).toEqual({
      header: 'Bearer abcdefgh', // immutable: masked when the line is formatted
      token: REDACTED,
      request: { url: 'https://[REDACTED]@h/x', tags: ['Bearer [REDACTED]'] },
      count: 2,
    });
    meta.request.url = 'changed';
    expect((captured.request as { url: string }).url).toBe('https://[REDACTED]@h/x');
    expect(redaction.meta(meta)).toMatchObject({ header: 'Bearer [REDACTED]', token: REDACTED });
  });

  it('captures an Error under error and other shapes under meta', () => {
    const captured: Record<string, unknown> = {};
    redaction.captureMeta(captured, new Error('Bearer abcdefgh rejected'));
    redaction.captureMeta(captured, [1, 2]);
    expect(captured).toMatchObject({
      error: { name: 'Error', message: 'Bearer [REDACTED] rejected' },
      meta: [1, 2],
    });
  });
});
