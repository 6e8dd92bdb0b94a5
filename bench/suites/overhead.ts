/**
 * Resilience overhead: an async method woven with Retry + CircuitBreaker + Timeout (success
 * path) against the raw call, cockatiel 3's `wrap(retry, circuitBreaker, timeout)` and
 * opossum's `fire()` with a timeout, plus the paths of a call refused by an open breaker and of
 * a call whose signal was aborted before it started. Same limits everywhere: 3 attempts in
 * total, a 2 s timeout, a breaker that stays closed.
 *
 * Three groups, each measured side by side with its own raw call:
 * - the default configuration (an aggressive timeout, as opossum's): the JSON fields;
 * - the same stacks with a cooperative timeout on both ballast and cockatiel;
 * - the promise plumbing floors, with no bookkeeping at all: observing the outcome (one
 *   reaction); making the call rejectable at a deadline (a promise the deadline could reject,
 *   fed by the method), which any aggressive timeout needs; the same plus one reaction in the
 *   caller's async context; and the rejectable forwarding as a woven method's only advice. They
 *   bound what any implementation can reach on this Node.
 *
 * `ratio_vs_floor` divides the stack by that last floor (the kernel plus the promise any
 * aggressive timeout needs), measured side by side with it in the first group.
 *
 * The whole measurement runs in 5 fresh processes one after another, and every field is the
 * median of the 5 processes' own figures (see bench/forks.ts); the table shows each process's
 * stack, floor and ratio.
 */
import { createDecorator, createRuntime, defineAspect, protect, weave } from '@ballast/core';
import {
  CircuitBreaker,
  circuitBreaker,
  Retry,
  retry,
  Timeout,
  timeout,
} from '@ballast/resilience';
import {
  circuitBreaker as cockatielBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleAll,
  retry as cockatielRetry,
  timeout as cockatielTimeout,
  TimeoutStrategy,
  wrap,
} from 'cockatiel';
import Opossum from 'opossum';
import { inForks } from '../forks.js';
import { compare, report, round } from '../measure.js';
import { openTelemetryCost } from '../openTelemetryCost.js'; // @ballast/opentelemetry (issue 18)

async function add(a: number, b: number): Promise<number> {
  return a + b;
}

class Plain {
  async add(a: number, b: number): Promise<number> {
    return a + b;
  }
}

class Woven {
  @Retry()
  @CircuitBreaker()
  @Timeout(2_000)
  async add(a: number, b: number): Promise<number> {
    return a + b;
  }
}

class WovenCooperative {
  @Retry()
  @CircuitBreaker()
  @Timeout({ ms: 2_000, mode: 'cooperative', context: 'join' })
  async add(a: number, b: number): Promise<number> {
    return a + b;
  }
}

class Refused {
  @Retry()
  @CircuitBreaker({ initialState: 'FORCED_OPEN' })
  @Timeout(2_000)
  async add(a: number, b: number): Promise<number> {
    return a + b;
  }
}

const ignore = (): undefined => undefined;

function cockatielStack(strategy: TimeoutStrategy) {
  return wrap(
    cockatielRetry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff() }),
    cockatielBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) }),
    cockatielTimeout(2_000, strategy),
  );
}

let resolveDeadlined: (value: unknown) => void = ignore;
let rejectDeadlined: (error: unknown) => void = ignore;
function captureSettlers(resolve: (value: unknown) => void, reject: (error: unknown) => void) {
  resolveDeadlined = resolve;
  rejectDeadlined = reject;
}

const keep = (value: unknown): unknown => value;
const rethrow = (error: unknown): never => {
  throw error;
};

/** One reaction on the method's promise: the least any wrapper that sees the outcome adds. */
function observedFloor(plain: Plain): Promise<unknown> {
  return plain.add(1, 2).then(keep, rethrow);
}

/** The method's outcome forwarded to a promise a deadline could reject: any aggressive timeout's least. */
function rejectable(result: Promise<unknown>): Promise<unknown> {
  const deadlined = new Promise(captureSettlers);
  result.then(resolveDeadlined, rejectDeadlined);
  return deadlined;
}

/**
 * An aggressive timeout whose bookkeeping runs in the caller's async context (where a retry
 * after the deadline must start the next attempt) also needs one reaction on that promise.
 */
function rejectableInContext(plain: Plain): Promise<unknown> {
  return rejectable(plain.add(1, 2)).then(keep, rethrow);
}

/** The rejectable forwarding as the only advice of a woven method: the kernel included. */
const RejectableOnly = createDecorator(
  defineAspect<undefined, undefined>({
    name: 'BenchRejectableOnly',
    precedence: 1_000,
    supportsSync: false,
    validate: () => undefined,
    create: () => (invocation, next) => rejectable(next(invocation) as Promise<unknown>),
  }),
);

class WovenRejectable {
  @RejectableOnly()
  async add(a: number, b: number): Promise<number> {
    return a + b;
  }
}

/** One process's measurement of every field (a fork; see bench/forks.ts). */
export async function measure(): Promise<Record<string, number>> {
  const runtime = createRuntime();
  const plain = new Plain();
  const woven = weave(new Woven(), runtime);
  const wovenCooperative = weave(new WovenCooperative(), runtime);
  const refused = weave(new Refused(), runtime);
  const wovenRejectable = weave(new WovenRejectable(), runtime);
  const cockatiel = cockatielStack(TimeoutStrategy.Aggressive);
  const cockatielCooperative = cockatielStack(TimeoutStrategy.Cooperative);
  const opossum = new Opossum(add, { timeout: 2_000 });
  // The caller's signal reaches a call through the call context or protect(); protect() keeps
  // AsyncLocalStorage (and its promise hooks) out of this process.
  const aborted = AbortSignal.abort();
  const cancelled = protect(add, [retry(), circuitBreaker(), timeout(2_000)], {
    runtime,
    name: 'cancelled',
    signal: aborted,
  });

  const result = await compare({
    raw: () => plain.add(1, 2),
    ballast3: () => woven.add(1, 2),
    cockatiel3: () => cockatiel.execute(() => add(1, 2)),
    opossum: () => opossum.fire(1, 2),
    rejectable_woven: () => wovenRejectable.add(1, 2),
  });
  const refusal = await compare({
    open_reject: () => refused.add(1, 2).catch(ignore),
    cancel: () => cancelled(1, 2).catch(ignore),
  });
  const cooperative = await compare({
    raw: () => plain.add(1, 2),
    ballast3: () => wovenCooperative.add(1, 2),
    cockatiel3: () => cockatielCooperative.execute(() => add(1, 2)),
  });
  const floors = await compare({
    raw: () => plain.add(1, 2),
    observed: () => observedFloor(plain),
    rejectable: () => rejectable(plain.add(1, 2)),
    rejectable_in_context: () => rejectableInContext(plain),
    rejectable_woven: () => wovenRejectable.add(1, 2),
  });

  // ── @ballast/opentelemetry (issue 18): last, it turns on AsyncLocalStorage ──
  const otel = await openTelemetryCost(RejectableOnly);
  // ── end @ballast/opentelemetry ──

  runtime.dispose();
  opossum.shutdown();

  const raw = result.raw!;
  const ballast = result.ballast3!;
  return {
    raw_ns: round(raw),
    ballast3_ns: round(ballast),
    cockatiel3_ns: round(result.cockatiel3!),
    opossum_ns: round(result.opossum!),
    ratio_vs_raw: round(ballast / raw, 3),
    ratio_vs_floor: round(ballast / result.rejectable_woven!, 3),
    ratio_vs_cockatiel: round(result.cockatiel3! / ballast, 3),
    ratio_vs_opossum: round(result.opossum! / ballast, 3),
    open_reject_ns: round(refusal.open_reject!),
    cancel_ns: round(refusal.cancel!),
    cooperative_raw_ns: round(cooperative.raw!),
    cooperative_ballast3_ns: round(cooperative.ballast3!),
    cooperative_cockatiel3_ns: round(cooperative.cockatiel3!),
    cooperative_ratio_vs_raw: round(cooperative.ballast3! / cooperative.raw!, 3),
    cooperative_ratio_vs_cockatiel: round(cooperative.cockatiel3! / cooperative.ballast3!, 3),
    floor_raw_ns: round(floors.raw!),
    floor_observed_ratio: round(floors.observed! / floors.raw!, 3),
    floor_rejectable_ratio: round(floors.rejectable! / floors.raw!, 3),
    floor_rejectable_in_context_ratio: round(floors.rejectable_in_context! / floors.raw!, 3),
    floor_rejectable_woven_ratio: round(floors.rejectable_woven! / floors.raw!, 3),
    floor_rejectable_woven_ns: round(result.rejectable_woven!),
    ...otel, // @ballast/opentelemetry: see bench/openTelemetryCost.ts
  };
}

/** Forks measured one after another; each field is the median over them. */
const FORKS = 5;

export async function run(): Promise<void> {
  const { median, forks } = inForks('overhead', FORKS);
  const json = { ...median, forks: FORKS };
  const perFork = (field: string): string => forks.map((fork) => fork[field]).join(' / ');
  report(
    `overhead: Retry + CircuitBreaker + Timeout, success path (ns per call; median over ${FORKS} processes of each one's median)`,
    {
      ...json,
      ballast3_ns_per_fork: perFork('ballast3_ns'),
      floor_ns_per_fork: perFork('floor_rejectable_woven_ns'),
      ratio_vs_floor_per_fork: perFork('ratio_vs_floor'),
    },
    json,
  );
}
