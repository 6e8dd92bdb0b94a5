import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// README example: from here to "end of README example", the README's first `ts` block verbatim.
import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { injectable } from 'inversify';
import { createRuntime, currentSignal, protect, runInContext, weave } from '@ballast/core';
import {
  CircuitBreaker,
  Fallback,
  Retry,
  retry,
  Timeout,
  TimeoutError,
  timeout,
} from '@ballast/resilience';

interface QuoteRequest {
  readonly id: string;
  readonly url: string;
}

interface Quote {
  readonly id: string;
  readonly price: number | null;
}

@injectable()
class PaymentsClient {
  readonly #lastQuotes = new Map<string, Quote>();

  @Fallback({ method: 'cachedQuote' })
  @Retry({ maxAttempts: 3, retryOn: [TypeError, TimeoutError] }) // network errors, timeouts
  @CircuitBreaker({ key: ([req]) => new URL((req as QuoteRequest).url).host }) // one per host
  @Timeout(2_000)
  async quote(req: QuoteRequest): Promise<Quote> {
    // Aborted at the deadline; undefined outside a call context (see "Call context").
    const res = await fetch(req.url, { signal: currentSignal() ?? null });
    if (!res.ok) throw new Error(`quote ${req.id}: HTTP ${res.status}`);
    const quote = (await res.json()) as Quote;
    this.#lastQuotes.set(req.id, quote);
    return quote;
  }

  // Called with the arguments plus the final error (after every retry, or an open circuit).
  cachedQuote(req: QuoteRequest): Quote {
    return this.#lastQuotes.get(req.id) ?? { id: req.id, price: null };
  }
}

const runtime = createRuntime();
// Or bind the class in a container and call useBallast(container) from @ballast/inversify.
const client = weave(new PaymentsClient(), runtime);

// One call context per request (HTTP layers start one for you): the deadline and the signal
// reach fetch and nested services only inside a context.
function quoteFor(requestId: string, req: QuoteRequest): Promise<Quote> {
  return runInContext({ requestId }, () => client.quote(req));
}

// Without decorators:
const readConfig = protect(readFile, [retry({ maxAttempts: 2 }), timeout(500)], {
  runtime,
  name: 'readConfig',
});
// end of README example

/** A quotes service on 127.0.0.1: `/quotes/<id>` answers per `prices` (missing: 404, null: 500). */
const prices = new Map<string, number | null>();
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const id = request.url?.split('/').pop() ?? '';
    const price = prices.get(id);
    response.statusCode = price === undefined ? 404 : price === null ? 500 : 200;
    response.end(JSON.stringify({ id, price }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  runtime.dispose();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the README example', () => {
  it('is the code this test compiles and runs', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
    const source = readFileSync(new URL(import.meta.url), 'utf8');
    const start = source.indexOf("import 'reflect-metadata';");
    const end = source.indexOf('// end of README example');
    expect(source.slice(start, end)).toBe(block);
  });

  it('serves the quote, then the last good one when the service fails', async () => {
    prices.set('42', 101.5);
    const req = { id: '42', url: `${base}/quotes/42` };
    await expect(quoteFor('r-1', req)).resolves.toEqual({ id: '42', price: 101.5 });

    prices.set('42', null);
    await expect(quoteFor('r-2', req)).resolves.toEqual({ id: '42', price: 101.5 });
    await expect(quoteFor('r-3', { id: '7', url: `${base}/quotes/7` })).resolves.toEqual({
      id: '7',
      price: null,
    });
  });

  it('hands fetch the timeout signal inside a call context, and none outside', async () => {
    prices.set('1', 1);
    const req = { id: '1', url: `${base}/quotes/1` };
    const fetchSpy = jest.spyOn(globalThis, 'fetch');

    await quoteFor('r-4', req);
    await client.quote(req);

    const signals = fetchSpy.mock.calls.map(([, init]) => init?.signal);
    expect(signals[0]).toBeInstanceOf(AbortSignal);
    expect(signals[0]?.aborted).toBe(false);
    expect(signals[1]).toBeNull();
  });

  it('reads a file through the protected function', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ballast-readme-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, '{"ok":true}');
    await expect(readConfig(file, 'utf8')).resolves.toBe('{"ok":true}');
    rmSync(dir, { recursive: true });
  });
});
