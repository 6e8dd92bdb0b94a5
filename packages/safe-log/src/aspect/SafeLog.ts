import { AspectPrecedence, type AspectUse, createDecorator, defineAspect } from '@ballast/core';
import { createSafeLogAdvice } from './SafeLogAdvice.js';
import {
  readSafeLogOptions,
  type ResolvedSafeLogOptions,
  type SafeLogOptions,
} from './SafeLogOptions.js';

/**
 * The SafeLog aspect: one structured, redacted log line per logical call, warnings on slow
 * calls, timeouts and errors, per-method statistics for metrics. Outside Fallback and Retry
 * (precedence 200), so it sees the final outcome and the number of attempts. Sync and async.
 */
export const SafeLogAspect = defineAspect<ResolvedSafeLogOptions, SafeLogOptions>({
  name: 'SafeLog',
  precedence: AspectPrecedence.SafeLog,
  supportsSync: true,
  validate: (input, where) => readSafeLogOptions(input, where),
  create: (options, runtime, target) => createSafeLogAdvice(options, runtime, target),
});

/**
 * Logs every call of the method safely. A string names a policy under `SafeLog` in the
 * runtime's config.
 *
 * @example
 * ```ts
 * class Payments {
 *   @SafeLog({ slowMs: 500, logArgs: true })
 *   async quote(req: QuoteRequest): Promise<Quote> { … }
 *
 *   @SafeLog({ swallow: true, defaultValue: [] }) // non-critical: fails alone
 *   async recommendations(userId: string): Promise<Item[]> { … }
 * }
 * ```
 */
export const SafeLog = createDecorator(SafeLogAspect);

/**
 * The functional form of {@link SafeLog} for `protect()` and `protectModule()`.
 *
 * @example
 * ```ts
 * const readConfig = protect(fs.promises.readFile, [safeLog({ slowMs: 100 })], { name: 'readConfig', runtime });
 * ```
 */
export function safeLog(input?: SafeLogOptions | string): AspectUse {
  return SafeLogAspect.use(input);
}
