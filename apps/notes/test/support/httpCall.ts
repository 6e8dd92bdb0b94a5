import { request } from 'node:http';

/** A response as the tests see it. */
export interface CallResult {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or undefined for an empty one. */
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Options of {@link httpCall}. */
export interface CallOptions {
  readonly key?: string;
  /** JSON-encoded unless already a string or Buffer. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/**
 * One HTTP request on its own connection (no agent, so nothing stays open after the test) to
 * the app under test.
 */
export function httpCall(
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const url = new URL(path, baseUrl);
  const payload =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string' || Buffer.isBuffer(options.body)
        ? options.body
        : JSON.stringify(options.body);
  const headers: Record<string, string> = { connection: 'close', ...options.headers };
  if (options.key !== undefined) headers.authorization = `Bearer ${options.key}`;
  if (payload !== undefined) headers['content-type'] ??= 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: text === '' ? undefined : (JSON.parse(text) as unknown),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}
