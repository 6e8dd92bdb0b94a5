import type { HttpClient } from '@ballast/http';
import { CircuitBreaker, ExponentialBackoff, Fallback, Retry, Timeout } from '@ballast/resilience';
import { SafeLog } from '@ballast/safe-log';
import { inject, injectable } from 'inversify';
import { DEMO_TOKENS } from './demoTokens.js';
import { UPSTREAM_PATHS } from './upstreamFaults.js';

/** Name of the storefront's inventory policies (breaker, retry, timeout, fallback statistics). */
export const INVENTORY_POLICY = 'storefront.inventory';

/** Stock of one article, as the inventory API reports it. */
export interface StockLevel {
  readonly sku: string;
  readonly available: number;
}

/**
 * The storefront's client of the flaky inventory API, woven by the container. Each attempt has
 * 300 ms; a failure is retried twice with a short backoff; five failures in a row open the
 * breaker for 1 s, doubling up to 3 s while the API stays down (short enough that a 20 s demo
 * sees it close again); while it fails, the last stock level read for the article is served.
 */
@injectable()
export class InventoryClient {
  constructor(
    @inject(DEMO_TOKENS.upstreamUrl) private readonly baseUrl: string,
    @inject(DEMO_TOKENS.upstreamHttp) private readonly http: HttpClient,
  ) {}

  // Failures are the point of the demo: `warn` keeps them out of the bot's error-log alerts.
  @SafeLog({ successLevel: 'off', errorLevel: 'warn', slowMs: 1_000 })
  @Fallback({ name: INVENTORY_POLICY, lastKnownGood: { maxAge: 600_000, maxEntries: 100 } })
  @Retry({
    name: INVENTORY_POLICY,
    maxAttempts: 3,
    backoff: new ExponentialBackoff({ initialDelay: 50 }),
    maxDelay: 200,
    onGiveUp: 'rethrow',
  })
  @CircuitBreaker({
    name: INVENTORY_POLICY,
    window: 'consecutive',
    consecutiveFailures: 5,
    openDuration: { initial: 1_000, max: 3_000 },
    halfOpenProbes: 1,
  })
  @Timeout({ name: INVENTORY_POLICY, ms: 300 })
  async stock(sku: string): Promise<StockLevel> {
    const url = `${this.baseUrl}${UPSTREAM_PATHS.stock}?sku=${encodeURIComponent(sku)}`;
    const response = await this.http.get(url);
    return JSON.parse(response.text()) as StockLevel;
  }
}
