import { randomUUID } from 'node:crypto';
import { OptionsReader, type ScheduledTask } from '@ballast/core';
import type { FallbackCounter } from '../connection/FallbackCounter.js';
import type { RedisConnection } from '../connection/RedisConnection.js';
import { FleetCommandError } from '../errors.js';
import { publishScript, snapshotScript } from './commandScripts.js';
import type { CommandApplier, FleetCommand, IssuedCommand } from './FleetCommand.js';

/** Options of {@link CommandBus}. */
export interface CommandBusOptions {
  /** Several buses can share a Redis under different names. @default 'default' */
  readonly name?: string;
  /**
   * How often the fleet's command revision is compared with this instance's (and commands queued
   * while Redis was unreachable are sent again), to catch what a reconnect did not; an integer
   * from 10 to 3600000.
   * @default 5000
   */
  readonly resyncIntervalMs?: number;
}

/** Statistics of a {@link CommandBus}. */
export interface CommandBusStatistics {
  readonly name: string;
  /** Commands applied on this instance. */
  readonly applied: number;
  /** Commands whose applier threw or that had none. */
  readonly failed: number;
  /** Highest fleet revision applied here. */
  readonly revision: number;
  /** Commands issued while Redis was unreachable, applied here and waiting to reach the fleet. */
  readonly pending: number;
  readonly fallbacks: number;
}

/** The most commands kept while Redis is unreachable; older ones are dropped first. */
const MAX_PENDING = 100;
const MAX_OWN_IDS = 1_000;

type Delivered = IssuedCommand & { readonly epoch?: string };

function checkCommand(command: FleetCommand): void {
  const { kind, payload, stateKey, target } = (command ?? {}) as Partial<FleetCommand>;
  const problem =
    typeof kind !== 'string' || kind.length === 0
      ? 'kind must be a non-empty string'
      : typeof payload !== 'object' || payload === null || Array.isArray(payload)
        ? 'payload must be an object'
        : stateKey !== undefined && (typeof stateKey !== 'string' || stateKey.length === 0)
          ? 'stateKey must be a non-empty string when given'
          : target !== undefined && (typeof target !== 'string' || target.length === 0)
            ? 'target must be an instance id when given'
            : undefined;
  if (problem !== undefined) throw new FleetCommandError(`CommandBus.publish: ${problem}.`);
}

/**
 * Commands for the whole fleet over Redis pub/sub, with the fleet's state kept in Redis: every
 * command is numbered, state commands (those with a `stateKey`) are stored, and an instance that
 * starts, reconnects or sees a gap in the numbers re-reads the stored state and applies what it
 * missed, so every instance converges. Appliers act locally (`breakerApplier`, `flagApplier`,
 * or your own for runbook steps).
 *
 * Without Redis a command is applied on this instance only, counted as a fallback, and sent to
 * the fleet once Redis is back (the newest 100 are kept).
 *
 * @example
 * ```ts
 * const bus = new CommandBus(redis);
 * bus.register('breaker', breakerApplier(runtime));
 * await bus.start();
 * await bus.publish({ kind: 'breaker', payload: { name: 'Payments.quote', action: 'forceOpen' }, stateKey: 'breaker:Payments.quote' });
 * ```
 */
export class CommandBus {
  readonly name: string;
  readonly #redis: RedisConnection;
  readonly #appliers = new Map<string, CommandApplier>();
  readonly #fallback: FallbackCounter;
  readonly #keys: readonly string[];
  readonly #channel: string;
  /** Revision applied per state key, so a re-read applies only what changed. */
  readonly #stateRevisions = new Map<string, number>();
  readonly #ownIds = new Set<string>();
  #pending: FleetCommand[] = [];
  #epoch: string | undefined;
  #revision = 0;
  #applied = 0;
  #failed = 0;
  #started = false;
  #catchingUp: Promise<void> = Promise.resolve();
  readonly #resyncIntervalMs: number;
  #resync: ScheduledTask | undefined;

  /** @throws ConfigError (`BALLAST_ERR_CONFIG`) for an unknown option or a bad value. */
  constructor(redis: RedisConnection, options: CommandBusOptions = {}) {
    const read = new OptionsReader('CommandBus', options, ['name', 'resyncIntervalMs']);
    this.name = read.string('name', 'default');
    this.#resyncIntervalMs = read.number('resyncIntervalMs', 5_000, {
      integer: true,
      min: 10,
      max: 3_600_000,
    });
    this.#redis = redis;
    const base = `cmd:{${this.name}}`;
    this.#keys = [redis.key(`${base}:rev`), redis.key(`${base}:state`), redis.key(`${base}:epoch`)];
    this.#channel = `${base}:channel`;
    this.#fallback = redis.fallbackCounter('commands', this.name);
  }

  /** Handles commands of `kind` on this instance (one applier per kind). */
  register(kind: string, applier: CommandApplier): this {
    if (this.#appliers.has(kind))
      throw new FleetCommandError(
        `CommandBus "${this.name}": kind "${kind}" has an applier already.`,
      );
    this.#appliers.set(kind, applier);
    return this;
  }

  /** True when an applier handles commands of `kind` here. */
  handles(kind: string): boolean {
    return this.#appliers.has(kind);
  }

  /** Subscribes and applies the fleet's stored state; re-reads it on every reconnect. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#redis.subscribe(this.#channel, (message) => this.#receive(message));
    this.#redis.onReady(() => void this.#catchUp());
    this.#redis.runtime.onDispose(() => this.#resync?.cancel());
    this.#scheduleResync();
    await this.#catchUp();
  }

  /**
   * A message can be missed without a gap to show it (it came while this instance could not
   * read Redis), and a reconnect can pass without flushing the commands queued meanwhile (its
   * breaker was still open). Checking now and then catches both.
   */
  #scheduleResync(): void {
    this.#resync = this.#redis.runtime.scheduler.schedule(this.#resyncIntervalMs, () => {
      void this.#checkRevision().finally(() => {
        if (!this.#redis.runtime.disposed) this.#scheduleResync();
      });
    });
  }

  async #checkRevision(): Promise<void> {
    // Commands still waiting for Redis, or a catch-up that failed after its last send: the
    // stored state may hold what this instance missed, and the fallback ends only once it is read.
    if (this.#pending.length > 0 || this.#fallback.active) return this.#catchUp();
    try {
      const [revision, epoch] = await this.#redis.call((client) =>
        client.mGet([this.#keys[0]!, this.#keys[2]!]),
      );
      if ((epoch ?? undefined) !== this.#epoch || Number(revision ?? 0) > this.#revision)
        await this.#catchUp();
    } catch {
      // counted by the next catch-up or publish that needs Redis
    }
  }

  /**
   * Sends `command` to every instance (this one included, applied at once). Resolves with the
   * fleet revision, or 0 when Redis was unreachable and the command was applied here only.
   */
  async publish(command: FleetCommand): Promise<number> {
    checkCommand(command);
    const issued: IssuedCommand = {
      ...command,
      id: randomUUID(),
      rev: 0,
      issuedBy: this.#redis.instanceId,
      issuedAt: Date.now(),
    };
    this.#ownIds.add(issued.id);
    // An id whose echo never came (this instance was unsubscribed) is forgotten eventually.
    if (this.#ownIds.size > MAX_OWN_IDS) this.#ownIds.delete(this.#ownIds.values().next().value!);
    this.#apply(issued);
    try {
      return await this.#send(issued);
    } catch (error) {
      this.#fallback.fellBack(error);
      this.#pending.push(issued);
      if (this.#pending.length > MAX_PENDING) this.#pending.shift();
      return 0;
    }
  }

  /** Counters for the fleet view. */
  statistics(): CommandBusStatistics {
    return {
      name: this.name,
      applied: this.#applied,
      failed: this.#failed,
      revision: this.#revision,
      pending: this.#pending.length,
      fallbacks: this.#fallback.count,
    };
  }

  #send(command: FleetCommand): Promise<number> {
    const { rev: _rev, ...body } = command as IssuedCommand;
    return this.#redis.call((client) =>
      publishScript.run<number>(client, this.#keys, [
        this.#redis.key(this.#channel),
        JSON.stringify(body),
        command.stateKey ?? '',
        randomUUID(),
      ]),
    );
  }

  /**
   * Sends what waited for Redis, then applies whatever the fleet did meanwhile. Runs one at a
   * time (both connections' reconnects and a revision gap may ask at once), so nothing is sent twice.
   */
  #catchUp(): Promise<void> {
    this.#catchingUp = this.#catchingUp.then(() => this.#catchUpOnce());
    return this.#catchingUp;
  }

  async #catchUpOnce(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        await this.#send(this.#pending[0]!);
        this.#pending.shift();
      }
      const [epoch, revision, flat] = await this.#redis.call((client) =>
        snapshotScript.run<[string | null, string | null, string[]]>(client, this.#keys, []),
      );
      this.#fallback.recovered();
      this.#adoptEpoch(epoch ?? undefined);
      const stored: Delivered[] = [];
      for (let i = 1; i < flat.length; i += 2) stored.push(JSON.parse(flat[i]!) as Delivered);
      for (const command of stored.sort((a, b) => a.rev - b.rev)) {
        if ((this.#stateRevisions.get(command.stateKey!) ?? 0) < command.rev) this.#accept(command);
      }
      this.#revision = Math.max(this.#revision, Number(revision ?? 0));
    } catch (error) {
      this.#fallback.fellBack(error); // the next reconnect or revision gap tries again
    }
  }

  #receive(message: string): void {
    let command: Delivered;
    try {
      command = JSON.parse(message) as Delivered;
    } catch {
      this.#failed++;
      return;
    }
    if (command.epoch !== this.#epoch) this.#adoptEpoch(command.epoch);
    if (command.rev <= this.#revision) return;
    if (command.rev > this.#revision + 1) {
      // Missed one: the stored state has it (one-shot commands in the gap are lost).
      void this.#catchUp();
    }
    this.#accept(command);
  }

  /** A Redis that came back empty numbers from 1 again under a new epoch: forget the old numbers. */
  #adoptEpoch(epoch: string | undefined): void {
    if (epoch === this.#epoch) return;
    this.#epoch = epoch;
    this.#revision = 0;
    this.#stateRevisions.clear();
  }

  #accept(command: Delivered): void {
    this.#revision = Math.max(this.#revision, command.rev);
    if (command.stateKey !== undefined) this.#stateRevisions.set(command.stateKey, command.rev);
    if (this.#ownIds.delete(command.id)) return; // applied when it was published
    this.#apply(command);
  }

  #apply(command: IssuedCommand): void {
    if (command.target !== undefined && command.target !== this.#redis.instanceId) return;
    const applier = this.#appliers.get(command.kind);
    try {
      if (applier === undefined) throw new FleetCommandError(`no applier for "${command.kind}"`);
      applier(command);
      this.#applied++;
    } catch {
      this.#failed++;
    }
  }
}
