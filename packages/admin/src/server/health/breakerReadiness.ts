import type { Runtime } from '@ballast/core';
import { breakerRegistry, type BreakerState } from '@ballast/resilience';
import type { ReadinessCheck } from './ReadinessCheck.js';

const REJECTING: readonly BreakerState[] = ['OPEN', 'HALF_OPEN', 'FORCED_OPEN'];

/**
 * Breakers that reject calls. An open breaker usually means a dependency is down, and taking
 * every replica out of the load balancer for it would turn a partial outage into a full one, so
 * it only warns — unless the breaker is listed as `critical` (the process is useless without it).
 */
export function breakerReadiness(runtime: Runtime, critical: readonly string[]): ReadinessCheck {
  return {
    name: 'breakers',
    check() {
      const reasons: string[] = [];
      let failing = false;
      const states: Record<string, BreakerState> = {};
      for (const { name, state } of breakerRegistry(runtime).statistics()) {
        states[name] = state;
        if (!REJECTING.includes(state)) continue;
        const isCritical = critical.includes(name);
        failing ||= isCritical;
        reasons.push(`breaker "${name}" is ${state}${isCritical ? ' (critical)' : ''}`);
      }
      const status = failing ? 'fail' : reasons.length > 0 ? 'warn' : 'pass';
      return { status, reasons, details: states };
    },
  };
}
