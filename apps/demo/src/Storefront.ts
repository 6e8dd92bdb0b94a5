import type { Runtime } from '@ballast/core';
import { flagsOf } from '@ballast/flags';
import type { BreakerStateEvent, FallbackServedEvent } from '@ballast/resilience';
import { INVENTORY_POLICY, type InventoryClient, type StockLevel } from './InventoryClient.js';

/** Flag the dashboard can switch off: orders then skip the stock check entirely. */
export const STOCK_CHECK_FLAG = 'storefront.stock-check';

/** What the storefront talks to. */
export interface StorefrontDeps {
  readonly runtime: Runtime;
  readonly inventory: InventoryClient;
  /** Base URL of the notes service and one API key per shopper (user id → key). */
  readonly notesUrl: string;
  readonly shopperKeys: ReadonlyMap<string, string>;
  /** `POST /alerts` of the alert bot. */
  readonly alertsUrl: string;
  /** Pause between two orders of one shopper, ms. @default 150 */
  readonly orderPauseMs?: number;
}

/** What the storefront has done so far. */
export interface StorefrontCounts {
  orders: number;
  /** Orders whose stock came from the last-known-good cache. */
  fromCache: number;
  /** Orders placed without a stock level (nothing cached, or the flag is off). */
  withoutStock: number;
  /** Notes API calls that failed. */
  notesErrors: number;
  alertsSent: number;
  alertsRefused: number;
}

const SKUS = ['sku-1', 'sku-2', 'sku-3', 'sku-4', 'sku-5'];
const REQUEST_TIMEOUT_MS = 2_000;

/**
 * The traffic generator: each shopper places orders in a loop — a stock check through the woven
 * {@link InventoryClient}, then the order written as a note through the notes HTTP API (and every
 * fifth order its recent notes read back). It raises alerts through the alert bot's HTTP intake
 * when the inventory breaker changes state, and once a second while orders run on cached stock.
 */
export class Storefront {
  readonly counts: StorefrontCounts = { orders: 0, fromCache: 0, withoutStock: 0, notesErrors: 0, alertsSent: 0, alertsRefused: 0 };
  readonly #deps: StorefrontDeps;
  readonly #loops: Promise<void>[] = [];
  readonly #unsubscribe: (() => void)[] = [];
  readonly #alertsInFlight = new Set<Promise<void>>();
  #running = false;
  #servedFromCache = 0;
  #degradedSince = { orders: 0, fromCache: 0 };
  #alertTimer: ReturnType<typeof setInterval> | undefined;
  #alertSeq = 0;

  constructor(deps: StorefrontDeps) {
    this.#deps = deps;
  }

  /** Starts one order loop per shopper and the alerting. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    const events = this.#deps.runtime.events;
    this.#unsubscribe.push(
      events.on('fallback.served', (event: FallbackServedEvent) => {
        if (event.policy === INVENTORY_POLICY) this.#servedFromCache++;
      }),
      events.on('breaker.state', (event: BreakerStateEvent) => this.#onBreaker(event)),
    );
    this.#alertTimer = setInterval(() => this.#alertIfDegraded(), 1_000);
    for (const [userId, key] of this.#deps.shopperKeys) this.#loops.push(this.#shop(userId, key));
  }

  /** Stops placing orders and waits for the orders in progress. */
  async stop(): Promise<void> {
    this.#running = false;
    clearInterval(this.#alertTimer);
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    await Promise.all(this.#loops.splice(0));
    await Promise.all(this.#alertsInFlight);
  }

  async #shop(userId: string, key: string): Promise<void> {
    const pause = this.#deps.orderPauseMs ?? 150;
    while (this.#running) {
      await this.#order(userId, key);
      if (this.#running) await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  async #order(userId: string, key: string): Promise<void> {
    const number = ++this.counts.orders;
    const sku = SKUS[number % SKUS.length]!;
    const stock = await this.#checkStock(sku);
    const text = stock === undefined ? `${sku}: stock unknown` : `${sku}: ${stock.available} available`;
    await this.#notes(key, 'POST', '/notes', { title: `order ${number}`, text, tags: ['order'] });
    if (number % 5 === 0) await this.#notes(key, 'GET', '/notes?limit=5');
  }

  async #checkStock(sku: string): Promise<StockLevel | undefined> {
    if (!flagsOf(this.#deps.runtime).isEnabled(STOCK_CHECK_FLAG, undefined, true)) {
      this.counts.withoutStock++;
      return undefined;
    }
    // Approximate with several shoppers: another one's fallback may land in between.
    const cachedBefore = this.#servedFromCache;
    try {
      const stock = await this.#deps.inventory.stock(sku);
      if (this.#servedFromCache !== cachedBefore) this.counts.fromCache++;
      return stock;
    } catch {
      // Nothing cached for this article yet: the order goes on without a stock level.
      this.counts.withoutStock++;
      return undefined;
    }
  }

  async #notes(key: string, method: string, path: string, body?: unknown): Promise<void> {
    try {
      const response = await fetch(`${this.#deps.notesUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      if (!response.ok) this.counts.notesErrors++;
    } catch {
      this.counts.notesErrors++;
    }
  }

  #onBreaker(event: BreakerStateEvent): void {
    if (event.name !== INVENTORY_POLICY) return;
    if (event.to === 'OPEN' && event.from !== 'HALF_OPEN') {
      this.#raise('critical', 'inventory API circuit open', `Stock checks fail fast; orders use cached stock. Probing again in ${event.retryAfterMs} ms.`);
    } else if (event.to === 'CLOSED') {
      this.#raise('info', 'inventory API circuit closed', 'Stock checks reach the inventory API again.');
    }
  }

  #alertIfDegraded(): void {
    const orders = this.counts.orders - this.#degradedSince.orders;
    const fromCache = this.counts.fromCache - this.#degradedSince.fromCache;
    this.#degradedSince = { orders: this.counts.orders, fromCache: this.counts.fromCache };
    if (fromCache === 0) return;
    this.#raise('warning', 'orders on cached stock', `${fromCache} of ${orders} orders in the last second used cached stock levels.`);
  }

  #raise(severity: 'info' | 'warning' | 'critical', title: string, message: string): void {
    const sending: Promise<void> = this.#alert(severity, title, message).finally(() => this.#alertsInFlight.delete(sending));
    this.#alertsInFlight.add(sending);
  }

  async #alert(severity: 'info' | 'warning' | 'critical', title: string, message: string): Promise<void> {
    const id = `storefront-${process.pid}-${++this.#alertSeq}`;
    try {
      const response = await fetch(this.#deps.alertsUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id, title, severity, message, source: 'storefront', labels: { service: 'storefront' } }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      if (response.ok) this.counts.alertsSent++;
      else this.counts.alertsRefused++;
    } catch {
      this.counts.alertsRefused++;
    }
  }
}
