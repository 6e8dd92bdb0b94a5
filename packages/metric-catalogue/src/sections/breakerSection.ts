import { breakerStatistics } from '@ballast/resilience';
import type { StatisticsSection } from '../StatisticsSection.js';

/** Prometheus-style label values for the breaker states (`HALF_OPEN` → `half_open`). */
function stateLabel(state: string): string {
  return state.toLowerCase();
}

/**
 * `ballast_circuitbreaker_state`, `…_keys`, `…_calls_total` and the rates of the window being
 * judged (`…_failure_rate`, `…_slow_call_rate`) from `@CircuitBreaker`. The registry already
 * aggregates keyed breakers per name, so 10,000 keys are still one breaker; their windows are
 * per key, so a keyed breaker has no rates.
 */
export const breakerSection: StatisticsSection = {
  name: 'breaker',
  read(runtime, samples) {
    const state = samples('ballast_circuitbreaker_state');
    const keys = samples('ballast_circuitbreaker_keys');
    const calls = samples('ballast_circuitbreaker_calls_total');
    const failureRate = samples('ballast_circuitbreaker_failure_rate');
    const slowCallRate = samples('ballast_circuitbreaker_slow_call_rate');
    for (const s of breakerStatistics(runtime).values()) {
      const breaker = s.name;
      for (const [name, live] of Object.entries(s.keysByState)) {
        state.add({ breaker, state: stateLabel(name) }, name === s.state ? 1 : 0);
        keys.add({ breaker, state: stateLabel(name) }, live);
      }
      calls.add({ breaker, kind: 'successful' }, s.calls.successful);
      calls.add({ breaker, kind: 'failed' }, s.calls.failed);
      calls.add({ breaker, kind: 'slow' }, s.calls.slow);
      calls.add({ breaker, kind: 'not_permitted' }, s.calls.notPermitted);
      calls.add({ breaker, kind: 'ignored' }, s.calls.ignored);
      if (s.window !== undefined) {
        failureRate.add({ breaker }, s.window.failureRate);
        slowCallRate.add({ breaker }, s.window.slowCallRate);
      }
    }
  },
};
