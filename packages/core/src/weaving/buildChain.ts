import type { Advice, AdviceTarget, Aspect, Next } from '../aspect/Aspect.js';
import { Outcome } from '../aspect/Outcome.js';
import { AspectOrderError, SyncUnsupportedError } from '../errors/kernelErrors.js';
import type { Runtime } from '../runtime/Runtime.js';
import { isThenable } from './detectAsync.js';
import type { Recording } from './recordings.js';

interface Resolved {
  readonly aspect: Aspect<unknown, unknown>;
  readonly options: unknown;
  readonly advice: Advice;
}

function sortRecordings(
  recordings: readonly Recording[],
  order: readonly string[] | undefined,
  target: AdviceTarget,
): Recording[] {
  if (order === undefined) {
    return [...recordings].sort((a, b) => a.aspect.precedence - b.aspect.precedence);
  }
  const present = recordings.map((r) => r.aspect.name);
  const missing = present.filter((name) => !order.includes(name));
  const extra = order.filter((name) => !present.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    throw new AspectOrderError(
      `@AspectOrder on ${target.qualifiedName} must list exactly its aspects (${present.join(', ')})` +
        `${extra.length > 0 ? `; not on the method: ${extra.join(', ')}` : ''}` +
        `${missing.length > 0 ? `; missing: ${missing.join(', ')}` : ''}.`,
    );
  }
  return order.map((name) => recordings.find((r) => r.aspect.name === name)!);
}

function supportsSync(entry: { aspect: Aspect<unknown, unknown>; options: unknown }): boolean {
  const rule = entry.aspect.supportsSync;
  return typeof rule === 'function' ? rule(entry.options) : rule;
}

/**
 * A policy-based advice follows hot reloads: when the runtime's policies change, the advice is
 * rebuilt on the next call if its policy changed (one integer comparison per call otherwise).
 */
function followPolicy(recording: Recording, runtime: Runtime, target: AdviceTarget): Resolved {
  const policy = recording.policy!;
  const aspect = recording.aspect;
  let generation = runtime.policies.generation;
  let options = runtime.policies.resolve(aspect, policy, target.qualifiedName);
  let advice = aspect.create(options, runtime, target);
  const followingAdvice: Advice = (invocation, next) => {
    if (generation !== runtime.policies.generation) {
      generation = runtime.policies.generation;
      const latest = runtime.policies.resolve(aspect, policy, target.qualifiedName);
      // A reload that left this policy alone keeps the advice and the state it holds.
      if (latest !== options) {
        options = latest;
        advice = aspect.create(options, runtime, target);
      }
    }
    return advice(invocation, next);
  };
  return { aspect, options, advice: followingAdvice };
}

function terminal(target: AdviceTarget, asyncOnly: readonly string[]): Next {
  const original = target.original as (...args: unknown[]) => unknown;
  if (target.isAsync !== undefined || asyncOnly.length === 0) {
    return (invocation) => original.apply(invocation.instance, invocation.args);
  }
  // Sync or async is only known from the first result: a sync result under an aspect that
  // needs time is refused on that call and every later one.
  let verdict: 'unknown' | 'async' | 'sync' = 'unknown';
  const refuse = (): never => {
    throw new SyncUnsupportedError(
      `${target.qualifiedName} returned a non-promise value, but ${asyncOnly.map((n) => `@${n}`).join(', ')} ` +
        'needs an async method (one that returns a promise).',
    );
  };
  return (invocation) => {
    if (verdict === 'sync') refuse();
    const result = original.apply(invocation.instance, invocation.args);
    if (verdict === 'unknown') {
      verdict = isThenable(result) ? 'async' : 'sync';
      if (verdict === 'sync') refuse();
    }
    return result;
  };
}

function resolveOne(recording: Recording, runtime: Runtime, target: AdviceTarget): Resolved {
  return recording.policy === undefined
    ? {
        aspect: recording.aspect,
        options: recording.options,
        advice: recording.aspect.create(recording.options, runtime, target),
      }
    : followPolicy(recording, runtime, target);
}

/**
 * Composes the advice for one method once: sorted by precedence (or the validated explicit
 * order), options resolved from policies, the sync/async contract checked.
 * The result is a single function from invocation to result, passed through the runtime's
 * instruments (see `Runtime.instrument`).
 */
export function buildChain(
  recordings: readonly Recording[],
  order: readonly string[] | undefined,
  target: AdviceTarget,
  runtime: Runtime,
): Next {
  const resolved = sortRecordings(recordings, order, target).map((recording) =>
    resolveOne(recording, runtime, target),
  );
  const asyncOnly = resolved
    .filter((entry) => !supportsSync(entry))
    .map((entry) => entry.aspect.name);
  if (target.isAsync === false && asyncOnly.length > 0) {
    throw new SyncUnsupportedError(
      `${target.qualifiedName} is synchronous, but ${asyncOnly.map((n) => `@${n}`).join(', ')} ` +
        'needs time (delays, timeouts or queueing). Make the method async or drop the aspect.',
    );
  }
  let chain: Next = terminal(target, asyncOnly);
  if (resolved.length === 0) return runtime.instrumentChain(chain, target, []);
  for (let index = resolved.length - 1; index > 0; index--) {
    const advice = resolved[index]!.advice;
    const next = chain;
    chain = (invocation) => advice(invocation, next);
  }
  // The outermost link gives the caller a plain promise for the outcome the advice observed:
  // one reaction, attached here in the caller's async context, settles every layer.
  const outermost = resolved[0]!.advice;
  const next = chain;
  return runtime.instrumentChain(
    (invocation) => {
      const result = outermost(invocation, next);
      return result instanceof Outcome ? result.promise() : result;
    },
    target,
    resolved.map(({ aspect, options }) => ({ name: aspect.name, options })),
  );
}
