import type { Runtime } from '@ballast/core';
import '@ballast/flags';
import type { ReadinessCheck, ReadinessResult } from './ReadinessCheck.js';

/**
 * Flag sources: the last read or rejection error of each source, cleared when the source applies
 * a change again. A failing source leaves the last good snapshot in use, so this warns; the
 * service keeps evaluating flags.
 */
export class FlagSourceReadiness implements ReadinessCheck {
  readonly name = 'flagSource';
  readonly #problems = new Map<string, string>();
  readonly #unsubscribe: (() => void)[];

  constructor(runtime: Runtime) {
    const events = runtime.events;
    this.#unsubscribe = [
      events.on('flags.sourceError', ({ source, message }) => this.#problems.set(source, message)),
      events.on('flags.rejected', ({ source, error }) =>
        this.#problems.set(source, `change rejected (${error.code}): ${error.message}`),
      ),
      events.on('flags.changed', ({ source }) => this.#problems.delete(source)),
    ];
  }

  check(): ReadinessResult {
    const reasons = [...this.#problems].map(([source, problem]) => `${source}: ${problem}`);
    return { status: reasons.length > 0 ? 'warn' : 'pass', reasons };
  }

  /** Stops listening to the runtime's flag events. */
  close(): void {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
  }
}
