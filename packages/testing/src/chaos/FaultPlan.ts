import { ConfigError } from '@ballast/core';
import { seededRandom } from '../random/seededRandom.js';
import type { ChaosFaults, Fault, RatedFault, RespondFault } from './Fault.js';
import type { RecordedRequest } from './RecordedRequest.js';

const KINDS = ['respond', 'throttle', 'hang', 'slowBody', 'truncate', 'reset', 'garbage'];
const HEALTHY: RespondFault = { kind: 'respond' };

interface Route {
  readonly faults: readonly Fault[];
  /** A sequence is consumed one fault per request; a single fault applies to every request. */
  readonly sequence: boolean;
  next: number;
}

function checkFault(fault: unknown, where: string): void {
  const kind = (fault as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !KINDS.includes(kind)) {
    throw new ConfigError(
      `startChaosServer: ${where} must be a fault with kind one of ${KINDS.join(', ')}.`,
    );
  }
}

function checkRates(rates: readonly RatedFault[]): void {
  let total = 0;
  rates.forEach((rated, index) => {
    checkFault(rated.fault, `rates[${index}].fault`);
    if (!(rated.rate >= 0 && rated.rate <= 1)) {
      throw new ConfigError(
        `startChaosServer: rates[${index}].rate must be a number in [0, 1] (got ${rated.rate}).`,
      );
    }
    const burst = rated.burst ?? 1;
    if (!Number.isInteger(burst) || burst < 1) {
      throw new ConfigError(
        `startChaosServer: rates[${index}].burst must be an integer >= 1 (got ${burst}).`,
      );
    }
    total += rated.rate;
  });
  if (total > 1 + 1e-9)
    throw new ConfigError(`startChaosServer: rates add up to ${total}; at most 1 is allowed.`);
}

/**
 * Decides the fault for each request: routes first, then one seeded random draw against the
 * cumulative rates, with a drawn burst repeating its fault on the following requests.
 */
export class FaultPlan {
  readonly #routes = new Map<string, Route>();
  readonly #rates: readonly RatedFault[];
  readonly #random: () => number;
  readonly #respond: ((request: RecordedRequest) => RespondFault) | undefined;
  #burstFault: Fault = HEALTHY;
  #burstLeft = 0;

  /** Validates `faults`; throws a `ConfigError` naming the bad entry. */
  constructor(faults: ChaosFaults) {
    for (const [key, value] of Object.entries(faults.routes ?? {})) {
      const sequence = Array.isArray(value);
      const list: readonly Fault[] = sequence ? (value as readonly Fault[]) : [value as Fault];
      list.forEach((fault, index) =>
        checkFault(fault, `routes["${key}"]${sequence ? `[${index}]` : ''}`),
      );
      this.#routes.set(key, { faults: list, sequence, next: 0 });
    }
    this.#rates = faults.rates ?? [];
    checkRates(this.#rates);
    this.#random = seededRandom(faults.seed ?? 1);
    this.#respond = faults.respond;
  }

  /** The fault for `request`; advances sequences, bursts and the random source. */
  next(request: RecordedRequest): Fault {
    const pathname = request.path.split('?', 1)[0]!;
    const routed = this.#fromRoute(`${request.method} ${pathname}`) ?? this.#fromRoute(pathname);
    if (routed !== undefined) return routed;
    if (this.#burstLeft > 0) {
      this.#burstLeft--;
      return this.#burstFault;
    }
    if (this.#rates.length > 0) {
      const draw = this.#random();
      let cumulative = 0;
      for (const rated of this.#rates) {
        cumulative += rated.rate;
        if (draw < cumulative) {
          this.#burstFault = rated.fault;
          this.#burstLeft = (rated.burst ?? 1) - 1;
          return rated.fault;
        }
      }
    }
    return this.#respond?.(request) ?? HEALTHY;
  }

  #fromRoute(key: string): Fault | undefined {
    const route = this.#routes.get(key);
    if (route === undefined) return undefined;
    if (!route.sequence) return route.faults[0];
    return route.faults[route.next++];
  }
}
