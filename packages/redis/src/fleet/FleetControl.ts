import { flagsOf } from '@ballast/flags';
import { breakerApplier, breakerCommand, type BreakerAction } from '../commands/breakerApplier.js';
import { CommandBus } from '../commands/CommandBus.js';
import { flagApplier, flagCommand } from '../commands/flagApplier.js';
import type { RedisConnection } from '../connection/RedisConnection.js';
import { RedisUnavailableError } from '../errors.js';
import {
  FleetHeartbeat,
  type FleetHeartbeatOptions,
  type InstanceSummary,
} from './FleetHeartbeat.js';

/** Options of {@link FleetControl}. */
export interface FleetControlOptions {
  /** The bus commands go over. @default a new `CommandBus` on the connection */
  readonly bus?: CommandBus;
  /** The heartbeats the fleet is listed from, or options for a new one. @default a new one */
  readonly heartbeat?: FleetHeartbeat | FleetHeartbeatOptions;
}

/**
 * The fleet as an operator sees it: breaker operations and flag switches sent over the
 * {@link CommandBus} to every instance (applied here at once; queued while Redis is down), and
 * the live instances from the {@link FleetHeartbeat}. Give it to `@ballast/admin`'s admin API
 * (`fleet` option) so its breaker and flag routes reach the whole fleet and `/api/fleet` and the
 * dashboard show it, and to the runbook actions (`breakerActions(fleet)`, `flagAction(fleet)`)
 * so runbook steps do too. The bus gets the built-in `breaker` and `flag` appliers unless it has
 * its own.
 *
 * @example
 * ```ts
 * const fleet = new FleetControl(redis, { heartbeat: { summary: () => ({ version: release }) } });
 * await fleet.start();
 * await startAdminServer(runtime, { fleet, token });
 * await fleet.forceOpen('Payments.quote'); // open on every instance, and on those started later
 * ```
 */
export class FleetControl {
  readonly bus: CommandBus;
  readonly heartbeat: FleetHeartbeat;
  readonly #redis: RedisConnection;

  constructor(redis: RedisConnection, options: FleetControlOptions = {}) {
    this.#redis = redis;
    this.bus = options.bus ?? new CommandBus(redis);
    this.heartbeat =
      options.heartbeat instanceof FleetHeartbeat
        ? options.heartbeat
        : new FleetHeartbeat(redis, options.heartbeat);
    if (!this.bus.handles('breaker')) this.bus.register('breaker', breakerApplier(redis.runtime));
    if (!this.bus.handles('flag')) this.bus.register('flag', flagApplier(flagsOf(redis.runtime)));
  }

  /** This instance's id in the fleet. */
  get instanceId(): string {
    return this.#redis.instanceId;
  }

  /** Starts the bus (applying the fleet's stored state) and the heartbeat. */
  async start(): Promise<void> {
    this.heartbeat.start();
    await this.bus.start();
  }

  /** Forces a breaker open on every instance; resolves with the fleet revision (0: here only, for now). */
  forceOpen(name: string, key?: string): Promise<number> {
    return this.#breaker(name, 'forceOpen', key);
  }

  /** Closes a breaker on every instance. */
  close(name: string, key?: string): Promise<number> {
    return this.#breaker(name, 'close', key);
  }

  /** Disables a breaker on every instance. */
  disable(name: string, key?: string): Promise<number> {
    return this.#breaker(name, 'disable', key);
  }

  /** Puts a breaker in metrics-only mode on every instance. */
  metricsOnly(name: string, key?: string): Promise<number> {
    return this.#breaker(name, 'metricsOnly', key);
  }

  /** Resets a breaker on every instance. */
  reset(name: string, key?: string): Promise<number> {
    return this.#breaker(name, 'reset', key);
  }

  /**
   * Switches a flag on every instance (its `fleet` layer, kept as fleet state so instances
   * started later get it). `actor` is for the caller's audit trail.
   */
  setEnabled(key: string, enabled: boolean, _actor?: string): Promise<number> {
    return this.bus.publish(flagCommand(key, enabled));
  }

  /**
   * The live instances, from their heartbeats.
   * @throws RedisUnavailableError when Redis cannot be read.
   */
  async instances(): Promise<InstanceSummary[]> {
    try {
      return await this.heartbeat.list();
    } catch (error) {
      throw new RedisUnavailableError('fleet list', error);
    }
  }

  #breaker(name: string, action: BreakerAction, key: string | undefined): Promise<number> {
    return this.bus.publish(breakerCommand(name, action, key));
  }
}
