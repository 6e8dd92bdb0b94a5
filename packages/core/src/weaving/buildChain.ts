import type { Advice, AdviceTarget, Aspect, Next } from '../aspect/Aspect.js';
import { AspectOrderError, SyncUnsupportedError } from '../errors/kernelErrors.js';
import type { Runtime } from '../runtime/Runtime.js';
import { isThenable } from './detectAsync.js';
import type { Recording } from './recordings.js';

interface Resolved {
  readonly aspect: Aspect<unknown, unknown>;
  readonly options: unknown;
  /** Undefined for a member of a fused run whose behaviour lives in the run's one advice. */
  readonly advice: Advice | undefined;
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
 * rebuilt on the next call (one integer comparison per call otherwise).
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
      options = runtime.policies.resolve(aspect, policy, target.qualifiedName);
      advice = aspect.create(options, runtime, target);
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

/** End (exclusive) of the run of adjacent recordings of one fusion family from `start`. */
function fusionRunEnd(sorted: readonly Recording[], start: number): number {
  const familyOf = (recording: Recording): string | undefined =>
    recording.policy === undefined ? recording.aspect.fusion?.family : undefined;
  const family = familyOf(sorted[start]!);
  let end = start + 1;
  while (family !== undefined && end < sorted.length && familyOf(sorted[end]!) === family) end++;
  return end;
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
 * Resolves every recording; a run of two or more adjacent aspects of one fusion family that its
 * family accepts becomes one advice, held by the run's innermost entry (the others hold none).
 */
function resolveAll(
  sorted: readonly Recording[],
  runtime: Runtime,
  target: AdviceTarget,
): Resolved[] {
  const resolved: Resolved[] = [];
  let start = 0;
  while (start < sorted.length) {
    const end = fusionRunEnd(sorted, start);
    const members = sorted.slice(start, end).map((r) => ({ aspect: r.aspect, options: r.options }));
    const fused =
      members.length >= 2 ? members[0]!.aspect.fusion!.fuse(members, runtime, target) : undefined;
    if (fused === undefined) {
      for (let index = start; index < end; index++)
        resolved.push(resolveOne(sorted[index]!, runtime, target));
    } else {
      members.forEach((member, index) =>
        resolved.push({ ...member, advice: index === members.length - 1 ? fused : undefined }),
      );
    }
    start = end;
  }
  return resolved;
}

/**
 * Composes the advice for one method once: sorted by precedence (or the validated explicit
 * order), options resolved from policies, fusable runs fused, the sync/async contract checked.
 * The result is a single function from invocation to result.
 */
export function buildChain(
  recordings: readonly Recording[],
  order: readonly string[] | undefined,
  target: AdviceTarget,
  runtime: Runtime,
): Next {
  const resolved = resolveAll(sortRecordings(recordings, order, target), runtime, target);
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
  for (let index = resolved.length - 1; index >= 0; index--) {
    const advice = resolved[index]!.advice;
    if (advice === undefined) continue;
    const next = chain;
    chain = (invocation) => advice(invocation, next);
  }
  return chain;
}
