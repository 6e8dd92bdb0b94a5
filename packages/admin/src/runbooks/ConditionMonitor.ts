import type { NamedRegistry } from './NamedRegistry.js';
import { readParams } from './readParams.js';
import type { Runbook } from './RunbookDefinition.js';
import type { ConditionProbe, RunbookCondition } from './RunbookCondition.js';

/** What the monitor asks of its engine. */
export interface MonitorHost {
  /** True while an execution of the runbook is in progress. */
  isActive(runbookId: string): boolean;
  /** Start time of the runbook's last condition-triggered execution. */
  lastConditionStart(runbookId: string): number | undefined;
  /** Starts a condition-triggered execution. */
  start(runbook: Runbook, reason: string): void;
}

/**
 * Evaluates the triggers of `SELF_RECOVERY` runbooks. Every probe runs on every poll, cool-down
 * or not, so stateful conditions ("open for 30 s") keep an exact picture; a runbook starts only
 * when its condition holds, no execution of it is in progress and its cool-down has passed
 * since its last automatic start (read from the store, so a restart does not re-fire it).
 */
export class ConditionMonitor {
  readonly #conditions: NamedRegistry<RunbookCondition>;
  readonly #host: MonitorHost;
  readonly #probes = new Map<string, ConditionProbe>();
  /** Starts made by this monitor: the cool-down holds even if the store failed to record one. */
  readonly #started = new Map<string, number>();
  /** Probes that threw or could not be built; counted, never rethrown into the scheduler. */
  errors = 0;

  constructor(conditions: NamedRegistry<RunbookCondition>, host: MonitorHost) {
    this.#conditions = conditions;
    this.#host = host;
  }

  /** Evaluates every trigger at `now`; returns the runbooks it started. */
  check(runbooks: Iterable<Runbook>, now: number): Runbook[] {
    const started: Runbook[] = [];
    const seen = new Set<string>();
    for (const runbook of runbooks) {
      if (runbook.trigger === null) continue;
      seen.add(runbook.id);
      const probe = this.#probeFor(runbook);
      if (probe === undefined) continue;
      let holds: boolean;
      try {
        holds = probe.holds(now) === true;
      } catch {
        this.errors++;
        continue;
      }
      if (!holds || this.#host.isActive(runbook.id)) continue;
      const last = Math.max(
        this.#host.lastConditionStart(runbook.id) ?? -Infinity,
        this.#started.get(runbook.id) ?? -Infinity,
      );
      if (now - last < runbook.trigger.coolDownSeconds * 1000) continue;
      const { condition, params } = runbook.trigger;
      this.#started.set(runbook.id, now);
      this.#host.start(runbook, `condition ${condition} ${JSON.stringify(params)} held`);
      started.push(runbook);
    }
    for (const id of this.#probes.keys()) if (!seen.has(id)) this.forget(id);
    return started;
  }

  /** Drops the probe of a runbook that changed or went away; the next check builds it anew. */
  forget(runbookId: string): void {
    const probe = this.#probes.get(runbookId);
    this.#probes.delete(runbookId);
    try {
      probe?.dispose?.();
    } catch {
      this.errors++;
    }
  }

  /** Drops every probe (the engine is closing). */
  close(): void {
    for (const id of [...this.#probes.keys()]) this.forget(id);
  }

  /**
   * Builds the probe of a `SELF_RECOVERY` runbook now, so event-driven conditions see what happens
   * before the first poll. Checks also build missing probes, so a condition registered after the
   * engine opened still applies.
   */
  watch(runbook: Runbook): void {
    if (runbook.trigger !== null) this.#probeFor(runbook);
  }

  #probeFor(runbook: Runbook): ConditionProbe | undefined {
    const cached = this.#probes.get(runbook.id);
    if (cached !== undefined) return cached;
    const trigger = runbook.trigger!;
    const condition = this.#conditions.get(trigger.condition);
    if (condition === undefined) return undefined;
    try {
      const params = readParams(condition.params, trigger.params, {
        where: `Runbook "${runbook.name}", trigger (condition "${trigger.condition}")`,
      });
      const probe = condition.create(params);
      this.#probes.set(runbook.id, probe);
      return probe;
    } catch {
      this.errors++;
      return undefined;
    }
  }
}
