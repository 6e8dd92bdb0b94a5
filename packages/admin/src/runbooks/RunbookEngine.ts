import { ConfigError, type Runtime, type ScheduledTask } from '@ballast/core';
import { parseConfig } from '@ballast/schema';
import { ConditionMonitor } from './ConditionMonitor.js';
import type { ExecutionRecord, ExecutionTrigger } from './ExecutionRecord.js';
import { UnknownRunbookError } from './errors/runbookErrors.js';
import { FleetLeases } from './FleetLeases.js';
import { LiveExecutions } from './LiveExecutions.js';
import { NamedRegistry, type RegisteredDescription } from './NamedRegistry.js';
import type { RunbookAction } from './RunbookAction.js';
import type { RunbookCondition } from './RunbookCondition.js';
import {
  type ExecuteOptions,
  ExecuteOptionsSchema,
  ListExecutionsOptionsSchema,
  type RunbookEngineOptions,
  RunbookEngineOptionsSchema,
} from './RunbookEngineOptions.js';
import type { Runbook, RunbookDefinition } from './RunbookDefinition.js';
import { RunbookStore } from './RunbookStore.js';
import { validateRunbook } from './validateRunbook.js';

/**
 * Runbooks of registered atomic actions: created (and checked) once, executed step by step with
 * confirmations and timeouts, `SELF_RECOVERY` ones started by conditions with a cool-down;
 * everything persisted in SQLite. Executions left in progress by a previous process are marked
 * `INTERRUPTED` when the engine opens. The admin API is a thin layer over these methods.
 */
export class RunbookEngine {
  readonly #runtime: Runtime;
  readonly #store: RunbookStore;
  readonly #ownsStore: boolean;
  readonly #actions = new NamedRegistry<RunbookAction>('action');
  readonly #conditions = new NamedRegistry<RunbookCondition>('condition');
  readonly #runbooks = new Map<string, Runbook>();
  readonly #executions: LiveExecutions;
  readonly #monitor: ConditionMonitor;
  readonly #pollIntervalMs: number;
  readonly #fleet: FleetLeases | undefined;
  #poll: ScheduledTask | undefined;
  #closed = false;

  constructor(options: RunbookEngineOptions) {
    const { runtime, store, actions, conditions, pollIntervalMs, leases } = parseConfig(
      RunbookEngineOptionsSchema,
      options,
      'createRunbookEngine options',
    );
    this.#pollIntervalMs = pollIntervalMs;
    this.#runtime = runtime;
    this.#ownsStore = typeof store === 'string';
    this.#store = typeof store === 'string' ? RunbookStore.open({ path: store }) : store;
    for (const action of actions) this.registerAction(action);
    for (const condition of conditions) this.registerCondition(condition);
    for (const runbook of this.#store.listRunbooks()) this.#runbooks.set(runbook.id, runbook);
    this.#executions = new LiveExecutions(this.#runtime, this.#store, this.#actions);
    const selfRecovery = (runbook: Runbook, reason: string): ExecutionRecord =>
      this.#start(runbook, 'condition', 'self-recovery', reason);
    this.#fleet =
      leases === undefined
        ? undefined
        : new FleetLeases(leases, runtime.clock, selfRecovery, (id) => this.settled(id));
    this.#monitor = new ConditionMonitor(this.#conditions, {
      isActive: (id) => this.#executions.isActive(id),
      lastConditionStart: (id) => this.#store.lastConditionStart(id),
      start: (runbook, reason) => {
        if (this.#fleet === undefined) selfRecovery(runbook, reason);
        else void this.#fleet.start(runbook, reason).catch(() => this.#monitor.errors++);
      },
    });
    for (const runbook of this.#runbooks.values()) this.#monitor.watch(runbook);
    this.#runtime.onDispose(() => this.close());
    this.#schedulePoll();
  }

  /** Registers an action steps may name. A bad or duplicate name is a `ConfigError`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  registerAction(action: RunbookAction<any>): this {
    this.#actions.register(action);
    return this;
  }

  /** Registers a condition `SELF_RECOVERY` triggers may name. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  registerCondition(condition: RunbookCondition<any>): this {
    this.#conditions.register(condition);
    return this;
  }

  /** Registered actions with their parameters (for the admin API and the dashboard). */
  actions(): RegisteredDescription[] {
    return this.#actions.describe();
  }

  /** Registered conditions with their parameters. */
  conditions(): RegisteredDescription[] {
    return this.#conditions.describe();
  }

  /**
   * Checks and stores a runbook. An unknown action or condition, bad parameters or a malformed
   * step is a `RunbookDefinitionError` naming the step index, the action and the field.
   *
   * @example
   * ```ts
   * engine.createRunbook({
   *   id: 'payments-down', name: 'Payments down', scene: 'EMERGENCY',
   *   steps: [
   *     { action: 'breaker.forceOpen', params: { name: 'payments' } },
   *     { action: 'flag.set', params: { key: 'checkout', enabled: false }, preConfirm: true },
   *   ],
   * });
   * ```
   */
  createRunbook(definition: RunbookDefinition): Runbook {
    const runbook = validateRunbook(this.#catalogue(), definition, this.#runtime.clock.now());
    this.#store.insertRunbook(runbook);
    this.#runbooks.set(runbook.id, runbook);
    this.#monitor.watch(runbook);
    return runbook;
  }

  /** Replaces runbook `id` with a new definition (checked like a new one). Running executions keep their steps. */
  updateRunbook(id: string, definition: RunbookDefinition): Runbook {
    const previous = this.getRunbook(id);
    const checked = validateRunbook(
      this.#catalogue(),
      { ...definition, id },
      this.#runtime.clock.now(),
    );
    const runbook: Runbook = { ...checked, createdAt: previous.createdAt };
    if (!this.#store.updateRunbook(runbook)) throw new UnknownRunbookError(id);
    this.#runbooks.set(id, runbook);
    this.#monitor.forget(id);
    this.#monitor.watch(runbook);
    return runbook;
  }

  /** Deletes runbook `id`; its executions stay as history. */
  deleteRunbook(id: string): void {
    if (!this.#store.deleteRunbook(id)) throw new UnknownRunbookError(id);
    this.#runbooks.delete(id);
    this.#monitor.forget(id);
  }

  /** The runbook `id`, or `UnknownRunbookError`. */
  getRunbook(id: string): Runbook {
    const runbook = this.#runbooks.get(id);
    if (runbook === undefined) throw new UnknownRunbookError(id);
    return runbook;
  }

  /** Every runbook, by name. */
  listRunbooks(): Runbook[] {
    return [...this.#runbooks.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Starts runbook `id` and returns the execution as it stands (the first step running, or
   * waiting for confirmation). Follow it with {@link RunbookEngine.settled} or the
   * `runbook.execution` runtime event.
   */
  execute(id: string, options: ExecuteOptions = {}): ExecutionRecord {
    const { actor, reason } = parseConfig(ExecuteOptionsSchema, options, 'execute options');
    return this.#start(this.getRunbook(id), 'manual', actor, reason);
  }

  /** Confirms step `stepIndex` of an execution waiting on it; the step then runs for `actor`. */
  confirm(executionId: string, stepIndex: number, actor: string): ExecutionRecord {
    this.#catalogue(); // closed: the store may be closed too
    return this.#executions.runner(executionId).confirm(stepIndex, actor);
  }

  /** Declines the step waiting for confirmation: the execution ends `CANCELLED`. */
  cancel(executionId: string, stepIndex: number): ExecutionRecord {
    this.#catalogue();
    return this.#executions.runner(executionId).cancel(stepIndex);
  }

  /** The execution `id` (live or stored), or `UnknownExecutionError`. */
  getExecution(id: string): ExecutionRecord {
    return this.#executions.get(id);
  }

  /** Recent executions, newest first, optionally of one runbook. */
  listExecutions(
    options: { readonly runbookId?: string; readonly limit?: number } = {},
  ): ExecutionRecord[] {
    const { runbookId, limit } = parseConfig(
      ListExecutionsOptionsSchema,
      options,
      'listExecutions options',
    );
    return this.#store.listExecutions(limit, runbookId);
  }

  /** Resolves with the execution once it reaches a final status. */
  settled(executionId: string): Promise<ExecutionRecord> {
    return this.#executions.settled(executionId);
  }

  /**
   * Evaluates every `SELF_RECOVERY` trigger now (the poll does it on its own); returns the
   * runbooks started (with `leases`: whose lease was asked for; the one instance that gets it
   * runs them).
   */
  checkConditions(): Runbook[] {
    return this.#monitor.check(this.#runbooks.values(), this.#runtime.clock.now());
  }

  /** Store writes that failed during a run (the run went on in memory); counted, not thrown. */
  get persistErrors(): number {
    return this.#executions.persistErrors;
  }

  /**
   * `SELF_RECOVERY` runs this instance left to the one holding the runbook's lease, and runs it
   * made alone because the lease store was unreachable (with `leases`).
   */
  get fleetStarts(): { readonly actedElsewhere: number; readonly leaseErrors: number } {
    return {
      actedElsewhere: this.#fleet?.actedElsewhere ?? 0,
      leaseErrors: this.#fleet?.leaseErrors ?? 0,
    };
  }

  /** Probes that threw or could not be built. */
  get conditionErrors(): number {
    return this.#monitor.errors;
  }

  /**
   * Stops polling and step timers and closes the store if the engine opened it. Steps in flight
   * are abandoned (their `settled()` promises stay pending): the next engine on the same file
   * marks their executions `INTERRUPTED`. Called by `runtime.dispose()`.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#poll?.cancel();
    this.#monitor.close();
    this.#executions.abandonAll();
    if (this.#ownsStore) this.#store.close();
  }

  #catalogue() {
    if (this.#closed) throw new ConfigError('The runbook engine is closed.');
    return { actions: this.#actions, conditions: this.#conditions };
  }

  #start(
    runbook: Runbook,
    trigger: ExecutionTrigger,
    actor: string,
    reason: string,
  ): ExecutionRecord {
    this.#catalogue();
    return this.#executions.start(runbook, trigger, actor, reason);
  }

  #schedulePoll(): void {
    if (this.#closed || this.#runtime.disposed) return;
    this.#poll = this.#runtime.scheduler.schedule(this.#pollIntervalMs, () => {
      this.checkConditions();
      this.#schedulePoll();
    });
  }
}

/**
 * Creates a runbook engine over a runtime and a SQLite store.
 *
 * @example
 * ```ts
 * const engine = createRunbookEngine({
 *   runtime,
 *   store: './data/runbooks.db',
 *   actions: [...breakerActions(breakerRegistry(runtime)), flagAction(flags), webhookAction()],
 *   conditions: [breakerOpenFor(breakerStates)],
 * });
 * const run = engine.execute('payments-down', { actor: 'alice' });
 * ```
 */
export function createRunbookEngine(options: RunbookEngineOptions): RunbookEngine {
  return new RunbookEngine(options);
}
