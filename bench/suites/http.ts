/**
 * Deliveries per second to a loopback receiver: the full woven `@ballast/http` client (attempt
 * timeout, retry, keyed circuit breaker, per-host bulkhead) against raw `undici.request` on an
 * Agent with the same settings. Both POST the same JSON webhook with an idempotency key and read
 * the whole response body.
 *
 * The raw case is `undici.request(url, { dispatcher })` as documented; `dispatch` (printed, not in
 * the JSON) is the agent's `request({ origin, path })` that the client itself calls, which skips
 * the URL parse, so `ratio_vs_dispatch` shows the aspects' own cost.
 *
 * Method: one process (the receiver is a plain `node:http` server in it too), a fixed
 * concurrency of CONCURRENCY requests in flight on CONCURRENCY connections. One measured call is
 * a batch of CONCURRENCY deliveries, so `rps = CONCURRENCY * 1e9 / ns_per_batch`; `compare()`
 * alternates the two cases round by round and reports medians.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRuntime } from '@ballast/core';
import { createHttpClient } from '@ballast/http';
import { Agent, request } from 'undici';
import { compare, report, round } from '../measure.js';

const CONCURRENCY = 8;
const TIMEOUTS = { connectTimeoutMs: 5_000, headersTimeoutMs: 10_000, bodyTimeoutMs: 10_000 };
const PAYLOAD = JSON.stringify({ id: 'alert-1', severity: 'critical', text: 'disk full on db-1' });

export async function run(): Promise<void> {
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
    );
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/alerts`;

  // The settings createHttpClient gives its own Agent (see HttpTransport).
  const agentOptions = {
    connect: { timeout: TIMEOUTS.connectTimeoutMs },
    headersTimeout: TIMEOUTS.headersTimeoutMs,
    bodyTimeout: TIMEOUTS.bodyTimeoutMs,
    connections: CONCURRENCY,
    keepAliveTimeout: 4_000,
    maxResponseSize: 1_048_576,
  };
  const agent = new Agent(agentOptions);
  const headers = { 'content-type': 'application/json', 'idempotency-key': 'alert-1' };
  const raw = async (): Promise<void> => {
    const res = await request(url, { dispatcher: agent, method: 'POST', headers, body: PAYLOAD });
    const body = await res.body.arrayBuffer();
    if (res.statusCode !== 200 || body.byteLength === 0)
      throw new Error(`raw: unexpected ${res.statusCode}`);
  };
  // What the ballast client calls underneath: the agent's request() with origin and path split
  // once, skipping the URL parse of the top-level request(). Shown for transparency.
  const { origin, pathname } = new URL(url);
  const dispatchAgent = new Agent({ ...agentOptions });
  const dispatch = async (): Promise<void> => {
    const res = await dispatchAgent.request({
      origin,
      path: pathname,
      method: 'POST',
      headers,
      body: PAYLOAD,
    });
    const body = await res.body.arrayBuffer();
    if (res.statusCode !== 200 || body.byteLength === 0)
      throw new Error(`dispatch: unexpected ${res.statusCode}`);
  };

  const runtime = createRuntime();
  const client = createHttpClient({
    runtime,
    ...TIMEOUTS,
    connectionsPerOrigin: CONCURRENCY,
    attemptTimeoutMs: 30_000,
    retry: { maxAttempts: 3 },
    circuitBreaker: {},
    bulkhead: { maxConcurrent: CONCURRENCY, maxQueue: 64 },
  });
  const delivery = {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: PAYLOAD,
    idempotencyKey: 'alert-1',
  };
  const woven = async (): Promise<void> => {
    const res = await client.request(delivery);
    if (res.status !== 200 || res.body.length === 0)
      throw new Error(`ballast: unexpected ${res.status}`);
  };

  const batch = (deliver: () => Promise<void>) => () => {
    const pending: Promise<void>[] = [];
    for (let i = 0; i < CONCURRENCY; i++) pending.push(deliver());
    return Promise.all(pending);
  };
  try {
    const ns = await compare(
      { raw: batch(raw), dispatch: batch(dispatch), ballast: batch(woven) },
      { rounds: 21, iterations: 400 },
    );
    const rps = (name: string): number => (CONCURRENCY * 1e9) / ns[name]!;
    const json = {
      raw_rps: round(rps('raw'), 0),
      ballast_rps: round(rps('ballast'), 0),
      ratio: round(rps('ballast') / rps('raw'), 3),
    };
    const table = {
      ...json,
      dispatch_rps: round(rps('dispatch'), 0),
      ratio_vs_dispatch: round(rps('ballast') / rps('dispatch'), 3),
    };
    report(
      `http: POST deliveries per second, ${CONCURRENCY} in flight (median of 21 alternating rounds)`,
      table,
      json,
    );
  } finally {
    await client.close();
    await agent.close();
    await dispatchAgent.close();
    runtime.dispose();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
}
