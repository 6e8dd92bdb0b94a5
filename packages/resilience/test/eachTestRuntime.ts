import { afterEach, beforeEach, jest } from '@jest/globals';
import { createRuntime, type Runtime } from '@ballast/core';

/**
 * Gives each test of the calling block Jest's fake timers and a fresh runtime: handed to
 * `receive` before the test, disposed after it (and real timers back).
 *
 * @example
 * ```ts
 * let runtime: Runtime;
 * eachTestRuntime((fresh) => (runtime = fresh));
 * ```
 */
export function eachTestRuntime(receive: (runtime: Runtime) => void): void {
  let current: Runtime | undefined;
  beforeEach(() => {
    jest.useFakeTimers();
    current = createRuntime();
    receive(current);
  });
  afterEach(() => {
    current?.dispose();
    jest.useRealTimers();
  });
}
