import { FeatureFlag } from '@ballast/flags';
import {
  Bulkhead,
  Cache,
  CircuitBreaker,
  ConstantBackoff,
  Fallback,
  Guard,
  Hedge,
  nonNull,
  RateLimit,
  Retry,
  Timeout,
} from '@ballast/resilience';
import { SafeLog } from '@ballast/safe-log';

/** A service using every aspect the metrics cover; its switches script the outcomes. */
export class Shop {
  quoteFailures = 0;
  chargeFails = false;
  /** How long each coming `stock()` attempt takes, ms (0 once the list is used up). */
  stockDelays: number[] = [];
  #release: (() => void) | undefined;

  @SafeLog()
  @Retry({ name: 'quote', maxAttempts: 3, backoff: new ConstantBackoff(10), budget: false })
  async quote(): Promise<number> {
    if (this.quoteFailures > 0) {
      this.quoteFailures--;
      throw new Error('flaky upstream');
    }
    return 42;
  }

  @SafeLog()
  @CircuitBreaker({
    name: 'charge',
    window: 'consecutive',
    consecutiveFailures: 2,
    openDuration: 1_000,
    halfOpenProbes: 1,
  })
  async charge(): Promise<string> {
    if (this.chargeFails) throw new Error('payments down');
    return 'charged';
  }

  @SafeLog()
  @Fallback({ value: 'cached' })
  async latest(): Promise<string> {
    throw new Error('catalogue down');
  }

  @SafeLog()
  @Timeout(100)
  async slow(): Promise<string> {
    return new Promise<string>(() => undefined);
  }

  @FeatureFlag('new-search')
  @SafeLog()
  async search(): Promise<string> {
    return 'new results';
  }

  @RateLimit({ name: 'export', rate: 1, interval: 60_000 })
  async export(): Promise<string> {
    return 'exported';
  }

  @Bulkhead({ name: 'reports', maxConcurrent: 2 })
  async report(): Promise<string> {
    await new Promise<void>((resolve) => {
      this.#release = resolve;
    });
    return 'report';
  }

  @Guard({ name: 'lookup', args: [nonNull] })
  @Cache({ name: 'lookup', maxEntries: 2 })
  async lookup(sku: string | null): Promise<string> {
    return `item ${sku}`;
  }

  @Hedge({ name: 'stock', idempotent: true, delayMs: 10, budget: false })
  async stock(): Promise<number> {
    const delay = this.stockDelays.shift() ?? 0;
    await new Promise((resolve) => setTimeout(resolve, delay));
    return 7;
  }

  /** Lets the running `report()` finish. */
  finishReport(): void {
    this.#release?.();
  }
}
