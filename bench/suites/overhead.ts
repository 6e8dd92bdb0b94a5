/**
 * Resilience overhead: an async method woven with Retry + CircuitBreaker + Timeout (success
 * path) against the raw call, cockatiel 3's `wrap(retry, circuitBreaker, timeout)` and
 * opossum's `fire()` with a timeout, plus the path of a call refused by an open breaker.
 * Same limits everywhere: 3 attempts in total, a 2 s timeout, a breaker that stays closed.
 */
import { createRuntime, weave } from '@ballast/core';
import { CircuitBreaker, Retry, Timeout } from '@ballast/resilience';
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
import { compare, report, round } from '../measure.js';

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

class Refused {
  @Retry()
  @CircuitBreaker({ initialState: 'FORCED_OPEN' })
  @Timeout(2_000)
  async add(a: number, b: number): Promise<number> {
    return a + b;
  }
}

const ignore = (): undefined => undefined;

export async function run(): Promise<void> {
  const runtime = createRuntime();
  const plain = new Plain();
  const woven = weave(new Woven(), runtime);
  const refused = weave(new Refused(), runtime);
  const cockatiel = wrap(
    cockatielRetry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff() }),
    cockatielBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) }),
    cockatielTimeout(2_000, TimeoutStrategy.Aggressive),
  );
  const opossum = new Opossum(add, { timeout: 2_000 });

  const result = await compare({
    raw: () => plain.add(1, 2),
    ballast3: () => woven.add(1, 2),
    cockatiel3: () => cockatiel.execute(() => add(1, 2)),
    opossum: () => opossum.fire(1, 2),
  });
  const refusal = await compare({ open_reject: () => refused.add(1, 2).catch(ignore) });

  runtime.dispose();
  opossum.shutdown();

  const raw = result.raw!;
  const ballast = result.ballast3!;
  const json = {
    raw_ns: round(raw),
    ballast3_ns: round(ballast),
    cockatiel3_ns: round(result.cockatiel3!),
    opossum_ns: round(result.opossum!),
    ratio_vs_raw: round(ballast / raw, 3),
    ratio_vs_cockatiel: round(result.cockatiel3! / ballast, 3),
    ratio_vs_opossum: round(result.opossum! / ballast, 3),
    open_reject_ns: round(refusal.open_reject!),
  };
  report(
    'overhead: Retry + CircuitBreaker + Timeout, success path (ns per call, median)',
    json,
    json,
  );
}
