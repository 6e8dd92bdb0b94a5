/** The one limit every instance of the fleet demo shares through Redis. */
export const FLEET_DEMO_LIMIT = Object.freeze({
  name: 'Partner.notify',
  /** Permits per second across the whole fleet. */
  rate: 100,
  burst: 10,
  /** Most permits one instance leases per round trip. */
  batch: 10,
});

/**
 * The most calls the fleet can admit in `seconds`: the documented bound of
 * `ClusterRateLimiter`, `burst + rate·W + instances·batch`.
 */
export function fleetDemoBound(seconds: number, instances: number): number {
  const { burst, rate, batch } = FLEET_DEMO_LIMIT;
  return Math.floor(burst + rate * seconds + instances * batch);
}

/** A line a fleet demo instance prints (JSON) for the process that started it. */
export type FleetMemberLine =
  | { readonly type: 'ready'; readonly adminUrl: string }
  | {
      readonly type: 'tick';
      readonly instanceId: string;
      /** Calls admitted by the shared limit since `run`. */
      readonly admitted: number;
      /** State of `Payments.quote` on this instance. */
      readonly breaker: string;
      /** Quotes refused by the open breaker since start. */
      readonly quotesRefused: number;
    }
  | {
      readonly type: 'done';
      readonly instanceId: string;
      readonly admitted: number;
      /** Round trips of this instance's limiter to Redis. */
      readonly roundTrips: number;
    };
