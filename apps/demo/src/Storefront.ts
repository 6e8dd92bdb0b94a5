import type { Runtime } from '@ballast/core';
import { flagsOf } from '@ballast/flags';
import type { InventoryClient, StockLevel } from './InventoryClient.js';

/** Flag the dashboard can switch off: orders then skip the stock check entirely. */
export const STOCK_CHECK_FLAG = 'storefront.stock-check';

/** Definition of {@link STOCK_CHECK_FLAG} the demo starts with: on for everyone. */
export const STOCK_CHECK_DEFINITION = Object.freeze({
  enabled: true,
  description: 'Orders check the inventory API before they are placed.',
});

/** What the storefront talks to. */
export interface StorefrontDeps {
  /** Where the stock-check flag is read (the storefront container's runtime). */
  readonly runtime: Runtime;
  readonly inventory: InventoryClient;
  /** Base URL of the notes service. */
  readonly notesUrl: string;
  /** One notes API key per shopper (user id → key); each shopper runs its own order loop. */
  readonly shopperKeys: ReadonlyMap<string, string>;
  /** Pause between two orders of one shopper, ms. @default 150 */
  readonly orderPauseMs?: number;
}

const SKUS = ['sku-1', 'sku-2', 'sku-3', 'sku-4', 'sku-5'];
const REQUEST_TIMEOUT_MS = 2_000;

/**
 * The traffic generator: each shopper places orders in a loop — a stock check through the woven
 * {@link InventoryClient} (unless the stock-check flag is off), then the order written as a
 * note through the notes HTTP API, and every fifth order the recent notes read back.
 */
export class Storefront {
  readonly #deps: StorefrontDeps;
  readonly #loops: Promise<void>[] = [];
  #running = false;
  /** Orders placed so far, by every shopper: numbers the orders and picks the article. */
  #orders = 0;

  constructor(deps: StorefrontDeps) {
    this.#deps = deps;
  }

  /** Starts one order loop per shopper. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    for (const [userId, key] of this.#deps.shopperKeys) this.#loops.push(this.#shop(userId, key));
  }

  /** Stops placing orders and waits for the orders in progress. */
  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#loops.splice(0));
  }

  async #shop(userId: string, key: string): Promise<void> {
    const pause = this.#deps.orderPauseMs ?? 150;
    while (this.#running) {
      await this.#order(userId, key);
      if (this.#running) await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  async #order(userId: string, key: string): Promise<void> {
    const number = ++this.#orders;
    const sku = SKUS[number % SKUS.length]!;
    const stock = await this.#checkStock(sku);
    const text =
      stock === undefined ? `${sku}: stock unknown` : `${sku}: ${stock.available} available`;
    const title = `order ${number} by ${userId}`;
    await this.#notes(key, 'POST', '/notes', { title, text, tags: ['order'] });
    if (number % 5 === 0) await this.#notes(key, 'GET', '/notes?limit=5');
  }

  async #checkStock(sku: string): Promise<StockLevel | undefined> {
    if (!flagsOf(this.#deps.runtime).isEnabled(STOCK_CHECK_FLAG, undefined, true)) return undefined;
    try {
      return await this.#deps.inventory.stock(sku);
    } catch {
      // Nothing cached for this article yet: the order goes on without a stock level.
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
    } catch {
      // A lost order note is only lost traffic; the generator carries on.
    }
  }
}
