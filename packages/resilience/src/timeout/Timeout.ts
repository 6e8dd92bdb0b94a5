import {
  type AspectUse,
  AspectPrecedence,
  createDecorator,
  defineAspect,
  OptionsReader,
} from '@ballast/core';
import { TimeoutAdvice, type TimeoutPolicy } from './TimeoutAdvice.js';
import type { TimeoutExpiredEvent, TimeoutInput } from './TimeoutOptions.js';

/** The largest delay Node timers accept. */
const MAX_MS = 2_147_483_647;

function readTimeoutPolicy(input: TimeoutInput | undefined, where: string): TimeoutPolicy {
  const options = typeof input === 'number' ? { ms: input } : input;
  const read = new OptionsReader(where, options, ['ms', 'mode', 'context', 'name', 'onTimeout']);
  if (!read.has('ms')) read.fail('ms', 'given: a time limit in ms, e.g. @Timeout(2000)');
  const mode = read.oneOf('mode', 'aggressive', ['aggressive', 'cooperative'] as const);
  return Object.freeze({
    ms: read.number('ms', 0, { integer: true, min: 1, max: MAX_MS }),
    mode,
    // Cooperative mode exists for the signal, which only the context can hand to the method.
    context: read.oneOf('context', mode === 'cooperative' ? 'start' : 'join', [
      'join',
      'start',
    ] as const),
    name: read.has('name') ? read.string('name', '') : undefined,
    onTimeout: read.func<(event: TimeoutExpiredEvent) => void>('onTimeout'),
  });
}

/**
 * The timeout aspect. Runs inside `@Retry` and `@CircuitBreaker`, so the limit applies per
 * attempt and a timeout counts as a breaker failure. Async methods only.
 */
export const TimeoutAspect = defineAspect<TimeoutPolicy, TimeoutInput>({
  name: 'Timeout',
  precedence: AspectPrecedence.Timeout,
  supportsSync: false,
  validate: (input, where) => readTimeoutPolicy(input, where),
  create: (policy, runtime, target, kind) =>
    new TimeoutAdvice(policy, runtime, target, kind).advise,
});

/**
 * Limits how long a call may take. The limit is the smaller of its own and what remains of the
 * caller's deadline, and it becomes the deadline nested calls see (`currentDeadline()`). The
 * method may read `currentSignal()` to stop work when the time is up.
 *
 * @example
 * ```ts
 * class Inventory {
 *   @Timeout(2_000)
 *   async stock(sku: string): Promise<number> {
 *     const res = await fetch(`${base}/stock/${sku}`, { signal: currentSignal() });
 *     return (await res.json()).count;
 *   }
 * }
 * ```
 */
export const Timeout = createDecorator(TimeoutAspect);

/**
 * The functional form of {@link Timeout} for `protect()` and `protectModule()`.
 *
 * @example
 * ```ts
 * const fsSafe = protectModule(fs.promises, { readFile: [timeout(1_000)] }, { name: 'fs' });
 * ```
 */
export function timeout(input: TimeoutInput | string): AspectUse {
  return TimeoutAspect.use(input);
}
