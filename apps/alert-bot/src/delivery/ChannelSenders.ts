import { protect, runInContext, type Runtime } from '@ballast/core';
import { inject, injectable } from 'inversify';
import { type HttpClient, HttpError } from '@ballast/http';
import {
  CircuitOpenError,
  circuitBreaker,
  fallback,
  RateLimitedError,
  rateLimit,
} from '@ballast/resilience';
import { TOKENS } from '../app/tokens.js';
import type { AlertBotConfig, ChannelConfig } from '../config/AlertBotConfig.js';
import { ChannelDisabledError } from '../errors/alertBotErrors.js';
import type { Notification } from '../grouping/Notification.js';
import { AttemptTimeout } from './AttemptTimeout.js';
import { channelRequest } from './channelRequest.js';
import { ChannelStates } from './ChannelStates.js';
import { decodeWebhookSecret } from './webhookSignature.js';

/** Sends one notification; resolves with the name of the channel that took it (a fallback may). */
type Send = (notification: Notification) => Promise<string>;

interface ChannelChains {
  readonly config: ChannelConfig;
  /** Breaker and rate limit of this channel only. */
  readonly direct: Send;
  /** `direct`, handing the notification to the fallback channel while this channel's circuit is open. */
  readonly routed: Send;
}

/** Failures that say the endpoint is unwell (5xx, 408, network errors, timeouts) count for a channel's breaker; 4xx and 429 do not. */
function isEndpointFailure(error: unknown): boolean {
  if (!HttpError.is(error)) return true;
  return error.status === undefined || error.status >= 500 || error.status === 408;
}

/** Name of a channel's breaker and rate limiter (one each per channel, in the runtime's registries). */
function channelPolicyName(channel: string): string {
  return `alert-bot.channel.${channel}`;
}

/**
 * The protected send function of every channel: `Fallback ( CircuitBreaker ( RateLimit ( post ) ) )`
 * built with `protect()` from the channel's own settings. Each attempt runs under a call-context
 * deadline sized from the channel's observed latency ({@link AttemptTimeout}), which the HTTP
 * client's timeout honours; the client adds a per-host bulkhead and never retries (retries are
 * the outbox's job, across restarts). {@link ChannelSenders.channelOf} says which channel an
 * error belongs to.
 */
@injectable()
export class ChannelSenders {
  readonly #chains = new Map<string, ChannelChains>();
  readonly #byPolicy = new Map<string, string>();
  readonly #failedOn = new WeakMap<object, string>();
  readonly #states: ChannelStates;

  constructor(
    @inject(TOKENS.config) config: AlertBotConfig,
    @inject(TOKENS.http) client: HttpClient,
    @inject(TOKENS.runtime) runtime: Runtime,
    @inject(ChannelStates) states: ChannelStates,
  ) {
    this.#states = states;
    const { minAttemptTimeoutMs, attemptTimeoutMs } = config.delivery;
    for (const channel of config.channels) {
      this.#build(
        channel,
        client,
        runtime,
        new AttemptTimeout(minAttemptTimeoutMs, attemptTimeoutMs),
      );
    }
  }

  #build(
    config: ChannelConfig,
    client: HttpClient,
    runtime: Runtime,
    timeout: AttemptTimeout,
  ): void {
    const name = channelPolicyName(config.name);
    this.#byPolicy.set(name, config.name);
    const key = config.secret === undefined ? undefined : decodeWebhookSecret(config.secret);
    const post: Send = async (notification) => {
      const started = runtime.clock.now();
      const request = channelRequest(config, key, notification, started);
      try {
        await runInContext({ deadline: started + timeout.ms }, () => client.request(request));
        timeout.observe(runtime.clock.now() - started);
        return config.name;
      } catch (error) {
        if (typeof error === 'object' && error !== null) this.#failedOn.set(error, config.name);
        throw error;
      }
    };
    const { breaker, rateLimit: limit } = config;
    const direct = protect(
      post,
      [
        circuitBreaker({ ...breaker, name, recordOn: isEndpointFailure }),
        rateLimit({ ...(limit ?? { rate: config.type === 'slack' ? 1 : 50 }), name, maxWait: 0 }),
      ],
      { runtime, name },
    );
    const target = config.fallback;
    const routed =
      target === undefined
        ? direct
        : protect(
            direct,
            [
              fallback({
                name,
                on: CircuitOpenError.code,
                handler: (refusal, args) =>
                  this.#fallbackSend(target, args[0] as Notification, refusal),
              }),
            ],
            { runtime, name: `${name}.routed` },
          );
    this.#chains.set(config.name, { config, direct, routed });
  }

  /**
   * Delivers `notification` through `channel`, or through its fallback while the channel is
   * disabled or its circuit is open. Rejects with the classified error of the channel that failed.
   */
  send(channel: string, notification: Notification): Promise<string> {
    const chains = this.#chains.get(channel);
    if (chains === undefined)
      return Promise.reject(new ChannelDisabledError(channel, 'no longer configured'));
    const reason = this.#states.disabledReason(channel);
    if (reason === undefined) return chains.routed(notification);
    const target = chains.config.fallback;
    if (target === undefined) return Promise.reject(new ChannelDisabledError(channel, reason));
    return this.#fallbackSend(target, notification);
  }

  /** The channel whose request, breaker or rate limit produced `error`, if known. */
  channelOf(error: unknown): string | undefined {
    if (typeof error !== 'object' || error === null) return undefined;
    const tagged = this.#failedOn.get(error);
    if (tagged !== undefined) return tagged;
    if (error instanceof CircuitOpenError) return this.#byPolicy.get(error.breakerName);
    if (error instanceof RateLimitedError) return this.#byPolicy.get(error.limiterName);
    if (error instanceof ChannelDisabledError) return error.channel;
    return undefined;
  }

  /** With a `refusal` (the primary's open circuit), a disabled fallback rethrows it: wait for the primary. */
  #fallbackSend(channel: string, notification: Notification, refusal?: unknown): Promise<string> {
    const reason = this.#states.disabledReason(channel);
    if (reason !== undefined)
      return Promise.reject(refusal ?? new ChannelDisabledError(channel, reason));
    // The fallback's own chain without its fallback: two channels falling back on each other never loop.
    return this.#chains.get(channel)!.direct(notification);
  }
}
