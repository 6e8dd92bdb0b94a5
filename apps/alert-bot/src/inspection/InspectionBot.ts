import type { Runtime, ScheduledTask } from '@ballast/core';
import type { HttpClient } from '@ballast/http';
import { type LogWriter, SafeLog } from '@ballast/safe-log';
import { inject, injectable } from 'inversify';
import type { AlertInput } from '../alerts/AlertInput.js';
import { TOKENS } from '../app/tokens.js';
import type {
  AlertBotConfig,
  InspectionConfig,
  InspectionTarget,
} from '../config/AlertBotConfig.js';
import { describeError } from '../delivery/classifyDeliveryError.js';
import { CheckFailedError } from '../errors/alertBotErrors.js';
import { AlertIntake } from '../intake/AlertIntake.js';
import type { Outbox } from '../outbox/Outbox.js';
import type { InspectionLease } from './InspectionLease.js';
import { InspectionStateStore } from './InspectionStateStore.js';
import { nextHealth, type TargetHealth, unknownHealth } from './TargetHealth.js';

/**
 * Checks the configured URLs every `intervalMs` on the runtime's scheduler (status, latency,
 * body text), each round on time whatever the last one found, so a recovery is seen at the
 * next check. A target going down raises a `firing` alert, coming back up the `resolved` alert
 * of the same group. Each target's health is kept in the bot's database (and shared through
 * the fleet's lease when there is one), so restarts neither repeat nor miss a change.
 */
@injectable()
export class InspectionBot {
  readonly #settings: InspectionConfig;
  readonly #store: InspectionStateStore;
  readonly #health: Map<string, TargetHealth>;
  #timer: ScheduledTask | undefined;
  #round: Promise<void> = Promise.resolve();
  #running = false;

  constructor(
    @inject(TOKENS.config) config: AlertBotConfig,
    @inject(TOKENS.probeHttp) private readonly http: HttpClient,
    @inject(AlertIntake) private readonly intake: AlertIntake,
    @inject(TOKENS.outbox) outbox: Outbox,
    @inject(TOKENS.inspectionLease) private readonly lease: InspectionLease,
    @inject(TOKENS.runtime) private readonly runtime: Runtime,
    @inject(TOKENS.logger) private readonly logger: LogWriter,
  ) {
    this.#settings = config.inspection;
    this.#store = new InspectionStateStore(outbox.database);
    this.#health = this.#store.load();
  }

  /** Runs a first round at once, then one every `intervalMs`. No targets: nothing is scheduled. */
  start(): void {
    if (this.#running || this.#settings.targets.length === 0) return;
    this.#running = true;
    this.#schedule(0);
  }

  /** Stops scheduling, waits for the round in progress and gives the fleet's lease up. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#timer?.cancel();
    this.#timer = undefined;
    await this.#round;
    await this.lease.release();
  }

  /** Resolves when the round in progress (if any) has finished. */
  whenIdle(): Promise<void> {
    return this.#round;
  }

  /** The last known health of every target. */
  health(): Record<string, TargetHealth> {
    return Object.fromEntries(this.#health);
  }

  /** Checks every target once, concurrently (if this instance inspects), and alerts on changes. */
  runRound(): Promise<void> {
    this.#round = this.#round
      .then(() => this.#runRound())
      .catch((error: unknown) => {
        // A round that could not record its results (the database is closing) must not stop the next.
        this.logger.log('error', 'alert-bot: inspection round failed', {
          error: describeError(error),
        });
      });
    return this.#round;
  }

  /**
   * One check of `target`: resolves when it is healthy, throws `CheckFailedError` (or the HTTP
   * error) when not. Failures are expected here, so SafeLog writes them at `warn`, which keeps
   * them out of the error-log alerts: the state change raises its own alert.
   */
  @SafeLog({ successLevel: 'off', errorLevel: 'warn' })
  async probe(target: InspectionTarget): Promise<void> {
    const started = this.runtime.clock.now();
    let status: number;
    let body: string;
    try {
      const response = await this.http.get(target.url);
      status = response.status;
      body = response.text();
    } catch (error) {
      const failedStatus = (error as { status?: unknown }).status;
      if (typeof failedStatus !== 'number' || failedStatus !== target.expectStatus) throw error;
      status = failedStatus;
      body = '';
    }
    const latency = this.runtime.clock.now() - started;
    if (status !== target.expectStatus)
      throw new CheckFailedError(target.name, `status ${status}, expected ${target.expectStatus}`);
    if (latency > target.maxLatencyMs)
      throw new CheckFailedError(target.name, `took ${latency} ms, over ${target.maxLatencyMs} ms`);
    if (target.bodyContains !== undefined && !body.includes(target.bodyContains)) {
      throw new CheckFailedError(
        target.name,
        `body does not contain ${JSON.stringify(target.bodyContains)}`,
      );
    }
  }

  #schedule(delayMs: number): void {
    this.#timer = this.runtime.scheduler.schedule(delayMs, () => {
      this.#timer = undefined;
      // The next round is due one interval after this one started, however long this one takes.
      if (this.#running && !this.runtime.disposed) this.#schedule(this.#settings.intervalMs);
      void this.runRound();
    });
  }

  async #runRound(): Promise<void> {
    const { held, fresh } = await this.lease.hold();
    if (!held) return;
    if (fresh) await this.#adoptFleetHealth();
    await Promise.all(this.#settings.targets.map((target) => this.#check(target)));
  }

  /** Takes the fleet's word for targets it checked more recently than this instance did. */
  async #adoptFleetHealth(): Promise<void> {
    for (const { name } of this.#settings.targets) {
      const shared = await this.lease.read(name);
      const local = this.#health.get(name);
      if (shared === undefined || (local !== undefined && local.checkedAt >= shared.checkedAt))
        continue;
      this.#health.set(name, shared);
      this.#store.save(name, shared);
    }
  }

  async #check(target: InspectionTarget): Promise<void> {
    let error: string | undefined;
    try {
      await this.probe(target);
    } catch (failure) {
      error = describeError(failure);
    }
    const now = this.runtime.clock.now();
    const before = this.#health.get(target.name) ?? unknownHealth(now);
    const step = nextHealth(before, error, this.#settings.failuresBeforeDown, now);
    // Shared first: a holder that lost its lease meanwhile neither alerts nor records.
    if (!(await this.lease.write(target.name, step.health))) return;
    if (step.change !== undefined) {
      try {
        this.intake.accept(changeAlert(target, step.change, before, error), 'inspection');
      } catch {
        // SafeLog on accept() logged it; the next round tries again because the state stays unchanged.
        return;
      }
    }
    this.#health.set(target.name, step.health);
    this.#store.save(target.name, step.health);
  }
}

/**
 * The alert of a state change. Down and up share title and labels, so they are one group: the
 * `resolved` alert ends the group the `firing` one opened. The id names the change and the
 * state it ends, so raising it again after a crash stores nothing new.
 */
function changeAlert(
  target: InspectionTarget,
  change: 'down' | 'up',
  before: TargetHealth,
  error: string | undefined,
): AlertInput {
  const common = {
    id: `inspection.${target.name}.${change}.${before.since}`,
    title: `${target.name} is down`,
    labels: { target: target.name },
  };
  return change === 'down'
    ? {
        ...common,
        severity: 'critical',
        status: 'firing',
        message: `${target.url}: ${error ?? ''}`,
      }
    : {
        ...common,
        severity: 'info',
        status: 'resolved',
        message: `${target.url} answers as expected again (down since ${new Date(before.since).toISOString()}).`,
      };
}
