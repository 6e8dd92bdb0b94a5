import type { Runtime, ScheduledTask } from '@ballast/core';
import type { HttpClient } from '@ballast/http';
import { CircuitBreaker } from '@ballast/resilience';
import { SafeLog } from '@ballast/safe-log';
import { inject, injectable } from 'inversify';
import { TOKENS } from '../app/tokens.js';
import type {
  AlertBotConfig,
  InspectionConfig,
  InspectionTarget,
} from '../config/AlertBotConfig.js';
import { describeError } from '../delivery/classifyDeliveryError.js';
import { CheckFailedError } from '../errors/alertBotErrors.js';
import { AlertIntake } from '../intake/AlertIntake.js';
import { nextHealth, type TargetHealth } from './TargetHealth.js';

/** Named CircuitBreaker policy of the checks (one breaker per target, keyed by its name). */
export const INSPECTION_BREAKER = 'alert-bot.inspection';

/**
 * Checks the configured URLs every `intervalMs` on the runtime's scheduler: status, latency and
 * body text. Each target sits behind its own circuit breaker (a dead target is not hammered;
 * its checks fail fast). An alert is raised only when a target goes down or comes back up.
 */
@injectable()
export class InspectionBot {
  readonly #settings: InspectionConfig;
  readonly #health = new Map<string, TargetHealth>();
  #timer: ScheduledTask | undefined;
  #round: Promise<void> = Promise.resolve();
  #running = false;

  constructor(
    @inject(TOKENS.config) config: AlertBotConfig,
    @inject(TOKENS.probeHttp) private readonly http: HttpClient,
    @inject(AlertIntake) private readonly intake: AlertIntake,
    @inject(TOKENS.runtime) private readonly runtime: Runtime,
  ) {
    this.#settings = config.inspection;
  }

  /** Runs a first round at once, then one every `intervalMs`. No targets: nothing is scheduled. */
  start(): void {
    if (this.#running || this.#settings.targets.length === 0) return;
    this.#running = true;
    this.#schedule(0);
  }

  /** Stops scheduling and waits for the round in progress. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#timer?.cancel();
    this.#timer = undefined;
    await this.#round;
  }

  /** Resolves when the round in progress (if any) has finished. */
  whenIdle(): Promise<void> {
    return this.#round;
  }

  /** The last known health of every target. */
  health(): Record<string, TargetHealth> {
    return Object.fromEntries(this.#health);
  }

  /** Checks every target once, concurrently, and raises alerts for state changes. */
  runRound(): Promise<void> {
    this.#round = Promise.all(this.#settings.targets.map((target) => this.#check(target))).then(
      () => undefined,
    );
    return this.#round;
  }

  /**
   * One check of `target`: resolves when it is healthy, throws `CheckFailedError` (or the HTTP
   * error) when not. Failures are expected here, so SafeLog writes them at `warn`, which keeps
   * them out of the error-log alerts: the state change raises its own alert.
   */
  @SafeLog({ successLevel: 'off', errorLevel: 'warn' })
  @CircuitBreaker(INSPECTION_BREAKER)
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
      void this.runRound().then(() => {
        // A runtime disposed during the round has no scheduler left: polling ends with it.
        if (this.#running && !this.runtime.disposed) this.#schedule(this.#settings.intervalMs);
      });
    });
  }

  async #check(target: InspectionTarget): Promise<void> {
    let error: string | undefined;
    try {
      await this.probe(target);
    } catch (failure) {
      error = describeError(failure);
    }
    const before = this.#health.get(target.name) ?? {
      state: 'unknown',
      failures: 0,
      lastError: undefined,
    };
    const step = nextHealth(before, error, this.#settings.failuresBeforeDown);
    this.#health.set(target.name, step.health);
    if (step.change === undefined) return;
    try {
      this.intake.accept(
        step.change === 'down'
          ? {
              title: `${target.name} is down`,
              severity: 'critical',
              message: `${target.url}: ${error ?? ''}`,
              labels: { target: target.name, check: 'down' },
            }
          : {
              title: `${target.name} is up again`,
              severity: 'info',
              message: `${target.url} answers as expected.`,
              labels: { target: target.name, check: 'up' },
            },
        'inspection',
      );
    } catch {
      // SafeLog on accept() logged it; the next round tries again because the state stays unchanged.
      this.#health.set(target.name, before);
    }
  }
}
