import { ClientClosedError, ClientOfflineError, createClient, ErrorReply } from '@redis/client';
import { errorCode, protect, type Runtime } from '@ballast/core';
import { type BreakerState, breakerRegistry, circuitBreaker, timeout } from '@ballast/resilience';
import { RedisRefusedError, RedisUnavailableError } from '../errors.js';
import { FallbackCounter, type RedisComponent } from './FallbackCounter.js';
import {
  readConnectionConfig,
  type RedisConnectionConfig,
  type RedisConnectionOptions,
} from './RedisConnectionOptions.js';

/** The node-redis client a connection drives (RESP3, no modules or scripts). */
export type RedisClient = ReturnType<typeof createClient>;

/** A call made through {@link RedisConnection.call}. */
export type RedisOperation<T> = (client: RedisClient) => Promise<T>;

/** What {@link RedisConnection.statistics} returns. */
export interface RedisConnectionStatistics {
  readonly name: string;
  readonly instanceId: string;
  /** Whether the command connection is up. */
  readonly ready: boolean;
  /** State of the breaker in front of Redis. */
  readonly breaker: BreakerState;
  /** Connection errors the client reported (each reconnect attempt that failed counts). */
  readonly connectionErrors: number;
  /**
   * Code of the last connection error (`ECONNREFUSED`, `NOAUTH`, `WRONGPASS`, …), never its
   * text; undefined before the first.
   */
  readonly lastConnectionError: string | undefined;
  /** Fallbacks per component and name, and whether each is falling back now. */
  readonly fallbacks: readonly {
    component: string;
    name: string;
    count: number;
    active: boolean;
  }[];
}

// Reconnect quickly at first, then every 2 s at most; jitter spreads a fleet's reconnects.
function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** retries, 2_000) * (0.8 + Math.random() * 0.4);
}

/**
 * One Redis for ballast's fleet features: a command connection whose every call has a timeout
 * and sits behind a circuit breaker, a pub/sub connection opened on first use, and the
 * fallback counters of the parts built on it. Commands are never queued while Redis is
 * unreachable (they fail at once and the caller falls back), so no call waits past `timeoutMs`.
 * Create it with {@link connectRedis}; it connects in the background and keeps reconnecting.
 *
 * An open connection does not keep the process alive by itself (its sockets are unref'd, like
 * housekeeping timers): what a caller awaits does (a call, through its timeout; a `runOnce` or
 * lease wait). A script ends when its work is done; while Redis is unreachable the client's
 * reconnect timer holds it until `runtime.dispose()` (or {@link RedisConnection.close}).
 */
export class RedisConnection {
  /** The validated options. */
  readonly config: RedisConnectionConfig;
  /** The command client. Use {@link RedisConnection.call} so the timeout and breaker apply. */
  readonly client: RedisClient;
  readonly #guarded: (operation: RedisOperation<unknown>) => Promise<unknown>;
  readonly #fallbacks: FallbackCounter[] = [];
  readonly #readyListeners = new Set<() => void>();
  /** Every channel subscribed to (with its prefix), and its listener. */
  readonly #channels = new Map<string, (message: string) => void>();
  #subscriber: RedisClient | undefined;
  #connectionErrors = 0;
  #lastConnectionError: string | undefined;
  #closed = false;

  constructor(options: RedisConnectionOptions) {
    this.config = readConnectionConfig(options);
    const { url, timeoutMs, name, runtime, breaker } = this.config;
    this.client = createClient({
      url,
      disableOfflineQueue: true,
      socket: { connectTimeout: Math.max(timeoutMs, 1_000), reconnectStrategy: reconnectDelay },
    });
    this.#watch(this.client);
    this.client.unref();
    this.#guarded = protect(
      (operation: RedisOperation<unknown>) =>
        operation(this.client).catch((error: unknown) => {
          throw this.#coded(error);
        }),
      [circuitBreaker({ ...breaker, name }), timeout({ ms: timeoutMs, name })],
      { runtime, name },
    );
    runtime.onDispose(() => this.close());
    this.client.connect().catch(() => undefined); // failures arrive as 'error' events, then reconnects
  }

  /** The runtime the connection reports to. */
  get runtime(): Runtime {
    return this.config.runtime;
  }

  /** This process's name in the fleet. */
  get instanceId(): string {
    return this.config.instanceId;
  }

  /** True while the command connection is up. */
  get ready(): boolean {
    return this.client.isReady;
  }

  /** `keyPrefix` + `suffix`. */
  key(suffix: string): string {
    return this.config.keyPrefix + suffix;
  }

  /**
   * Runs `operation` on the command client behind the connection's timeout and breaker. Rejects
   * with `TimeoutError`, `CircuitOpenError`, `RedisUnavailableError` (not connected: the message
   * names the last connection error's code, such as `WRONGPASS`), `RedisRefusedError` (an error
   * reply such as `READONLY`, `OOM` or `NOPERM`; not counted by the breaker) or the operation's
   * own error; callers fall back on any of them.
   *
   * @example
   * ```ts
   * const value = await redis.call((client) => client.get(redis.key('greeting')));
   * ```
   */
  call<T>(operation: RedisOperation<T>): Promise<T> {
    return this.#guarded(operation) as Promise<T>;
  }

  /**
   * The fallback counter of one part built on this connection (listed in statistics). A part
   * built again under the same name (a reloaded limit) keeps counting on the same one.
   */
  fallbackCounter(component: RedisComponent, name: string): FallbackCounter {
    const existing = this.#fallbacks.find((c) => c.component === component && c.name === name);
    if (existing !== undefined) return existing;
    const counter = new FallbackCounter(component, name, this.runtime.events);
    this.#fallbacks.push(counter);
    return counter;
  }

  /**
   * Listens on a pub/sub channel (the prefix is added) over a dedicated connection, opened on
   * first use. Resolves true once the server confirmed the subscription, false when it could not
   * yet (Redis unreachable); it is made again on every reconnect until confirmed, and the ready
   * listeners of {@link RedisConnection.onReady} run only after that, so a part that re-reads its
   * state then misses nothing published in between. Messages published while this instance was
   * disconnected are lost: re-read state in an `onReady` listener.
   */
  subscribe(channel: string, listener: (message: string) => void): Promise<boolean> {
    if (this.#subscriber === undefined) {
      this.#subscriber = this.client.duplicate();
      this.#subscriber.unref();
      this.#subscriber.on('error', (error: unknown) => this.#connectionFailed(error));
      this.#subscriber.on('ready', () => void this.#resubscribe().then(() => this.#notifyReady()));
      this.#subscriber.connect().catch(() => undefined);
    }
    const name = this.key(channel);
    this.#channels.set(name, listener);
    return this.#subscribeOne(name, listener);
  }

  /**
   * Calls `listener` each time the command or the pub/sub connection becomes ready (first
   * connect and every reconnect), so parts can re-read what they may have missed. Returns a
   * function that stops it.
   */
  onReady(listener: () => void): () => void {
    this.#readyListeners.add(listener);
    return () => this.#readyListeners.delete(listener);
  }

  /**
   * Resolves once the command connection is up. Only for start-up code that prefers to wait
   * (the parts never need it: they fall back until Redis answers).
   * @throws RedisUnavailableError after `withinMs`.
   */
  waitUntilReady(withinMs = 5_000): Promise<void> {
    if (this.client.isReady) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onReady = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.client.off('ready', onReady);
        reject(
          new RedisUnavailableError(
            `connection "${this.config.name}"`,
            `not ready after ${withinMs} ms`,
          ),
        );
      }, withinMs);
      this.client.once('ready', onReady);
    });
  }

  /** Connection state, breaker state and fallback counts, for exporters and the fleet view. */
  statistics(): RedisConnectionStatistics {
    return {
      name: this.config.name,
      instanceId: this.instanceId,
      ready: this.client.isReady,
      breaker: breakerRegistry(this.runtime).state(this.config.name),
      connectionErrors: this.#connectionErrors,
      lastConnectionError: this.#lastConnectionError,
      fallbacks: this.#fallbacks.map(({ component, name, count, active }) => ({
        component,
        name,
        count,
        active,
      })),
    };
  }

  /** Closes both connections at once (pending calls fail). Also done by `runtime.dispose()`. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#readyListeners.clear();
    for (const client of [this.client, this.#subscriber]) {
      if (client?.isOpen) client.destroy();
    }
  }

  // node-redis throws an 'error' event nobody listens to; each failed attempt is counted.
  #watch(client: RedisClient): void {
    client.on('error', (error: unknown) => this.#connectionFailed(error));
    client.on('ready', () => this.#notifyReady());
  }

  // Only the code is kept: a handshake error's text is the server's, but a socket error's may
  // name the host, and nothing from the URL (which may hold a password) should reach an event.
  #connectionFailed(error: unknown): void {
    this.#connectionErrors++;
    const message = error instanceof Error ? error.message : '';
    this.#lastConnectionError =
      errorCode(error) ?? /^[A-Z]{2,}\b/.exec(message)?.[0] ?? (error as Error)?.name;
  }

  /** A failure the parts can report: a coded error for a refusal or a missing connection. */
  #coded(error: unknown): unknown {
    if (error instanceof ErrorReply) return new RedisRefusedError(error);
    if (error instanceof ClientOfflineError || error instanceof ClientClosedError) {
      const last = this.#lastConnectionError;
      return new RedisUnavailableError(
        `connection "${this.config.name}"`,
        `not connected${last === undefined ? '' : `; last connection error: ${last}`}`,
      );
    }
    return error;
  }

  #subscribeOne(channel: string, listener: (message: string) => void): Promise<boolean> {
    // A SUBSCRIBE still pending when the connection drops is forgotten by the client, so every
    // reconnect makes each subscription again (a confirmed one is not doubled).
    return this.#subscriber!.subscribe(channel, listener).then(
      () => true,
      () => false,
    );
  }

  async #resubscribe(): Promise<void> {
    await Promise.all(
      [...this.#channels].map(([name, listener]) => this.#subscribeOne(name, listener)),
    );
  }

  #notifyReady(): void {
    for (const listener of this.#readyListeners) {
      try {
        listener();
      } catch {
        // a part's resync failing must not stop the others
      }
    }
  }
}

/**
 * Opens a connection for ballast's fleet features. It returns at once and connects in the
 * background: until Redis answers, every part serves from its local fallback, so a service starts
 * (and keeps running) without Redis.
 *
 * @example
 * ```ts
 * const redis = connectRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', timeoutMs: 250 });
 * const limiter = new ClusterRateLimiter(redis, { name: 'sms', rate: 200, interval: 1_000 });
 * ```
 */
export function connectRedis(options: RedisConnectionOptions): RedisConnection {
  return new RedisConnection(options);
}
