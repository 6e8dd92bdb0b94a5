import type { BallastEvents, Runtime } from '@ballast/core';
import '../src/store/flagEvents.js';

/**
 * Resolves with the next `type` event on the runtime; rejects after `timeoutMs` so a missing
 * event fails the test instead of hanging it. Subscribe before causing the event.
 */
export function nextEvent<K extends keyof BallastEvents>(
  runtime: Runtime,
  type: K,
  timeoutMs = 5_000,
): Promise<BallastEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no "${String(type)}" event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = runtime.events.on(type, (payload) => {
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** A logger that keeps its lines, for asserting on log output. */
export function captureLogger(): {
  warn: (line: string) => void;
  info: (line: string) => void;
  warnings: string[];
  infos: string[];
} {
  const warnings: string[] = [];
  const infos: string[] = [];
  return { warn: (line) => warnings.push(line), info: (line) => infos.push(line), warnings, infos };
}
