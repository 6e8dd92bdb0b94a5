/**
 * The aspects of issue 17, side by side with what they replace.
 *
 * Cache hit (one process, rounds rotating which case goes first, median ns per call):
 * - `raw_call_ns`: the undecorated async method, awaited (it builds a small object).
 * - `lru_cache_hit_ns`: the same method memoised by hand with lru-cache 11 (`max` 1,000,
 *   `maxSize` by a size function, `ttl` 60 s, as ballast's cache is bounded), a hit, awaited:
 *   what a caller of an lru-cache memo pays.
 * - `cache_hit_ns`: `@Cache()` on the method (in-memory store: 1,000 entries, 16 MiB, TTL 60 s),
 *   woven, a hit, awaited. `ratio_vs_lru_cache` = cache_hit_ns / lru_cache_hit_ns.
 * - `lru_get_ns` / `cache_hit_sync_ns`: the bare `lru.get(key)` against a woven synchronous
 *   method under `@Cache()` (the kernel's wrapper, the key from the arguments and the hit), no
 *   await on either; `ratio_sync_vs_lru_get` divides them. `woven_floor_sync_ns` is the same
 *   method woven with one pass-through advice instead: what the kernel's call costs before any
 *   cache work.
 *   Keys rotate over 100 strings (one argument, so the key is the argument itself).
 *
 * Hedge (a real loopback HTTP server, undici keep-alive client, sequential calls, each in a call
 * context as an HTTP layer would start, so a losing attempt's request is aborted):
 * - the server answers at once except for every 100th request it receives, which it answers
 *   after 200 ms: a 1 % tail;
 * - `CALLS` calls without and then with `@Hedge({ idempotent: true })` at its default delay
 *   (the live p95 of the method's own latency, at least 1 ms; the default budget of 10 % of calls
 *   plus 1 per second), after `WARM_UP` unmeasured calls each;
 * - `p99_ms_*`: the latency the slowest 1 % of calls reach (`sorted[n - n/100]`: with exactly
 *   1 % of requests slow, the fastest of the slow calls when nothing hedges);
 *   `p99_ratio` = with / without;
 * - `calls_*`: requests the server received during the measured calls; `calls_ratio` = with /
 *   without.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createDecorator,
  createRuntime,
  currentSignal,
  defineAspect,
  runInContext,
  type Runtime,
  weave,
} from '@ballast/core';
import { Cache, Hedge, hedgeStatistics } from '@ballast/resilience';
import { LRUCache } from 'lru-cache';
import { Agent, request } from 'undici';
import { compare, median, report, round } from '../measure.js';

const KEYS = Array.from({ length: 100 }, (_, i) => `sku-${i}`);
const CALLS = 2_000;
const WARM_UP = 300;
const TAIL_EVERY = 100;
const TAIL_MS = 200;

interface Product {
  readonly sku: string;
  readonly cents: number;
}

function product(sku: string): Product {
  return { sku, cents: sku.length * 100 };
}

class Plain {
  async price(sku: string): Promise<Product> {
    return product(sku);
  }
}

const lru = new LRUCache<string, Product>({
  max: 1_000,
  maxSize: 16 * 1024 * 1024,
  sizeCalculation: (value) => 64 + 2 * value.sku.length,
  ttl: 60_000,
});

class HandMemo {
  async price(sku: string): Promise<Product> {
    const hit = lru.get(sku);
    if (hit !== undefined) return hit;
    const value = product(sku);
    lru.set(sku, value);
    return value;
  }
}

/** One advice that only calls on: the woven call's floor. */
const PassThrough = createDecorator(
  defineAspect<undefined, undefined>({
    name: 'BenchPassThrough',
    precedence: 1_000,
    supportsSync: true,
    validate: () => undefined,
    create: () => (invocation, next) => next(invocation),
  }),
);

class Floor {
  @PassThrough()
  priceNow(sku: string): Product {
    return product(sku);
  }
}

class Cached {
  @Cache()
  async price(sku: string): Promise<Product> {
    return product(sku);
  }

  @Cache()
  priceNow(sku: string): Product {
    return product(sku);
  }
}

async function cacheHits(runtime: Runtime): Promise<Record<string, number>> {
  const plain = new Plain();
  const memo = new HandMemo();
  const cached = weave(new Cached(), runtime);
  const floor = weave(new Floor(), runtime);
  for (const key of KEYS) {
    await memo.price(key);
    await cached.price(key);
    cached.priceNow(key);
  }
  let a = 0;
  let b = 0;
  let c = 0;
  const awaited = await compare({
    raw: () => plain.price(KEYS[a++ % 100]!),
    lru: () => memo.price(KEYS[b++ % 100]!),
    ballast: () => cached.price(KEYS[c++ % 100]!),
  });
  let d = 0;
  let e = 0;
  let f = 0;
  const sync = await compare(
    {
      lruGet: () => lru.get(KEYS[d++ % 100]!),
      ballastSync: () => cached.priceNow(KEYS[e++ % 100]!),
      floor: () => floor.priceNow(KEYS[f++ % 100]!),
    },
    { awaitEach: false, iterations: 200_000 },
  );
  return { ...awaited, ...sync };
}

/** A loopback server with a 1 % tail: every 100th request it receives waits 200 ms. */
async function tailServer(): Promise<{ server: Server; url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((_req, res) => {
    const slow = ++requests % TAIL_EVERY === 0;
    const answer = (): void => {
      res.end('{"count":7}');
    };
    if (!slow) return answer();
    const timer = setTimeout(answer, TAIL_MS);
    res.once('close', () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/stock`, requests: () => requests };
}

function stockClients(url: string, dispatcher: Agent) {
  async function fetchStock(): Promise<string> {
    const { body } = await request(url, { dispatcher, signal: currentSignal() ?? null });
    return body.text();
  }
  class Direct {
    async stock(): Promise<string> {
      return fetchStock();
    }
  }
  class Hedged {
    @Hedge({ idempotent: true })
    async stock(): Promise<string> {
      return fetchStock();
    }
  }
  return { Direct, Hedged };
}

/** Latencies (ms) of `calls` sequential calls, each in its own call context. */
async function latencies(call: () => Promise<string>, calls: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = process.hrtime.bigint();
    await runInContext({ requestId: `r${i}` }, call);
    out.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return out;
}

/** The latency the slowest 1 % of calls reach. */
function p99(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[sorted.length - Math.ceil(sorted.length / 100)]!;
}

async function hedging(runtime: Runtime): Promise<Record<string, number>> {
  const { server, url, requests } = await tailServer();
  const dispatcher = new Agent({ connections: 8 });
  try {
    const { Direct, Hedged } = stockClients(url, dispatcher);
    const direct = new Direct();
    const hedged = weave(new Hedged(), runtime);
    await latencies(() => direct.stock(), WARM_UP);
    let before = requests();
    const without = await latencies(() => direct.stock(), CALLS);
    const callsWithout = requests() - before;
    await latencies(() => hedged.stock(), WARM_UP);
    const warmHedges = hedgeStatistics(runtime).get('Hedged.stock')!.hedged;
    before = requests();
    const withHedge = await latencies(() => hedged.stock(), CALLS);
    const callsWith = requests() - before;
    const statistics = hedgeStatistics(runtime).get('Hedged.stock')!;
    return {
      p50_ms_without_hedge: round(median(without), 3),
      p50_ms_with_hedge: round(median(withHedge), 3),
      p99_ms_without_hedge: round(p99(without), 3),
      p99_ms_with_hedge: round(p99(withHedge), 3),
      p99_ratio: round(p99(withHedge) / p99(without), 3),
      calls_without_hedge: callsWithout,
      calls_with_hedge: callsWith,
      calls_ratio: round(callsWith / callsWithout, 3),
      hedges_sent: statistics.hedged - warmHedges,
      hedge_delay_ms: statistics.delayMs,
    };
  } finally {
    await dispatcher.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

export async function run(): Promise<void> {
  const runtime = createRuntime();
  try {
    const hits = await cacheHits(runtime);
    const hedge = await hedging(runtime);
    const json = {
      raw_call_ns: round(hits.raw!),
      lru_cache_hit_ns: round(hits.lru!),
      cache_hit_ns: round(hits.ballast!),
      ratio_vs_lru_cache: round(hits.ballast! / hits.lru!, 3),
      ratio_vs_raw: round(hits.ballast! / hits.raw!, 3),
      lru_get_ns: round(hits.lruGet!),
      cache_hit_sync_ns: round(hits.ballastSync!),
      ratio_sync_vs_lru_get: round(hits.ballastSync! / hits.lruGet!, 3),
      woven_floor_sync_ns: round(hits.floor!),
      ...hedge,
    };
    report(
      'Cache hits and hedged calls (ns per hit; ms per HTTP call)',
      Object.fromEntries(Object.entries(json).map(([key, value]) => [key, String(value)])),
      json,
    );
  } finally {
    runtime.dispose();
  }
}
