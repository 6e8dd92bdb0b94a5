import type { EventBus } from '@ballast/core';
import { errorCode } from '@ballast/core';

/** What fell back: the part of `@ballast/redis` that could not reach Redis. */
export type RedisComponent = 'rateLimit' | 'retryBudget' | 'flags' | 'commands' | 'fleet' | 'cache';

/** Payload of `redis.fallback`: a component lost Redis and serves from local state. */
export interface RedisFallbackEvent {
  readonly component: RedisComponent;
  /** The limiter, budget, flag source or bus name. */
  readonly name: string;
  /** Error code or message of the failure that started the fallback. */
  readonly reason: string;
}

/** Payload of `redis.recovered`: a component reached Redis again after falling back. */
export interface RedisRecoveredEvent {
  readonly component: RedisComponent;
  readonly name: string;
  /** Fallbacks counted while it was down (all time). */
  readonly fallbacks: number;
}

declare module '@ballast/core' {
  interface BallastEvents {
    'redis.fallback': RedisFallbackEvent;
    'redis.recovered': RedisRecoveredEvent;
  }
}

/**
 * Counts one component's fallbacks. Every fallen-back call is counted; the runtime's events see
 * only the changes (`redis.fallback` when it starts, `redis.recovered` when Redis answers again),
 * so an outage raises one alert, not one per call.
 *
 * @example
 * ```ts
 * const fallback = redis.fallbackCounter('rateLimit', 'my-part');
 * try { await redis.call(work); fallback.recovered(); } catch (error) { fallback.fellBack(error); serveLocally(); }
 * ```
 */
export class FallbackCounter {
  /** Calls served from local state because Redis could not be used. */
  count = 0;
  #active = false;

  constructor(
    readonly component: RedisComponent,
    readonly name: string,
    readonly events: EventBus,
  ) {}

  /** True while the component serves from local state. */
  get active(): boolean {
    return this.#active;
  }

  /** Counts a fallback caused by `error`. */
  fellBack(error: unknown): void {
    this.count++;
    if (this.#active) return;
    this.#active = true;
    if (this.events.has('redis.fallback')) {
      const reason = errorCode(error) ?? (error instanceof Error ? error.message : String(error));
      this.events.emit('redis.fallback', { component: this.component, name: this.name, reason });
    }
  }

  /** Notes that Redis answered. */
  recovered(): void {
    if (!this.#active) return;
    this.#active = false;
    if (this.events.has('redis.recovered'))
      this.events.emit('redis.recovered', {
        component: this.component,
        name: this.name,
        fallbacks: this.count,
      });
  }
}
