import { defaultRuntime } from '@ballast/core';
import { HttpTransport } from '../transport/HttpTransport.js';
import type { PreparedRequest } from '../transport/PreparedRequest.js';
import { HttpClient } from './HttpClient.js';
import type { HttpClientOptions } from './HttpClientOptions.js';
import { readClientOptions } from './readClientOptions.js';

/**
 * Creates an HTTP client on undici's `request` with a private Agent.
 *
 * @example
 * ```ts
 * const client = createHttpClient({ runtime, headersTimeoutMs: 2_000 });
 * const res = await client.get('https://status.example.com/health');
 * ```
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const settings = readClientOptions(options);
  const runtime = options.runtime ?? defaultRuntime();
  const transport = new HttpTransport(settings, runtime.clock);
  const send = (request: PreparedRequest) => transport.send(request);
  return new HttpClient(transport, send, send, settings);
}
