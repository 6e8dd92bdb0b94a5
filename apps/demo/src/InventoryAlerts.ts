import type { Runtime } from '@ballast/core';
import { type BreakerStateEvent, fallbackStatistics } from '@ballast/resilience';
import { INVENTORY_POLICY } from './InventoryClient.js';

type Severity = 'info' | 'warning' | 'critical';

const REQUEST_TIMEOUT_MS = 2_000;
const DEGRADED_CHECK_MS = 1_000;

/**
 * The storefront's alerting about its inventory dependency, sent to the alert bot's
 * `POST /alerts` like any other service would: when the `storefront.inventory` breaker opens
 * (not on every reopening after a failed probe) and closes, and once a second while stock
 * checks are answered from the last-known-good cache (read from the policy's fallback
 * statistics).
 */
export class InventoryAlerts {
  readonly #runtime: Runtime;
  readonly #alertsUrl: string;
  readonly #idPrefix = `storefront-${Date.now()}`;
  readonly #inFlight = new Set<Promise<void>>();
  #unsubscribe: (() => void) | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Last-known-good answers already reported. */
  #reportedFromCache = 0;
  #sequence = 0;

  /** @param alertsUrl - the alert bot's `POST /alerts` address. */
  constructor(runtime: Runtime, alertsUrl: string) {
    this.#runtime = runtime;
    this.#alertsUrl = alertsUrl;
  }

  /** Starts listening to the breaker's events and watching the cache's use. */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#reportedFromCache = this.#servedFromCache();
    this.#unsubscribe = this.#runtime.events.on('breaker.state', (event: BreakerStateEvent) =>
      this.#onBreaker(event),
    );
    this.#timer = setInterval(() => this.#alertIfDegraded(), DEGRADED_CHECK_MS);
  }

  /** Stops listening and waits for the alerts being sent. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    await Promise.all(this.#inFlight);
  }

  #onBreaker(event: BreakerStateEvent): void {
    if (event.name !== INVENTORY_POLICY) return;
    if (event.to === 'OPEN' && event.from !== 'HALF_OPEN') {
      this.#raise(
        'critical',
        'inventory API circuit open',
        `Stock checks fail fast; orders use cached stock. Probing again in ${event.retryAfterMs} ms.`,
      );
    } else if (event.to === 'CLOSED') {
      this.#raise(
        'info',
        'inventory API circuit closed',
        'Stock checks reach the inventory API again.',
      );
    }
  }

  #servedFromCache(): number {
    return fallbackStatistics(this.#runtime).get(INVENTORY_POLICY)?.lastKnownGood ?? 0;
  }

  #alertIfDegraded(): void {
    const served = this.#servedFromCache();
    const fromCache = served - this.#reportedFromCache;
    this.#reportedFromCache = served;
    if (fromCache === 0) return;
    this.#raise(
      'warning',
      'orders on cached stock',
      `${fromCache} stock checks in the last second were answered from the cache.`,
    );
  }

  #raise(severity: Severity, title: string, message: string): void {
    const sending: Promise<void> = this.#send(severity, title, message).finally(() =>
      this.#inFlight.delete(sending),
    );
    this.#inFlight.add(sending);
  }

  async #send(severity: Severity, title: string, message: string): Promise<void> {
    const alert = {
      id: `${this.#idPrefix}-${++this.#sequence}`, // the bot's idempotency key
      title,
      severity,
      message,
      source: 'storefront',
      labels: { service: 'storefront', dependency: 'inventory' },
    };
    try {
      const response = await fetch(this.#alertsUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alert),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await response.arrayBuffer();
    } catch {
      // Not retried: the bot's intake statistics show which alerts arrived.
    }
  }
}
