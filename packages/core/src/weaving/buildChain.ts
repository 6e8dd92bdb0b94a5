import type { Advice, AdviceTarget, Next } from '../aspect/Aspect.js';
import { Outcome } from '../aspect/Outcome.js';
import { AspectOrderError, SyncUnsupportedError } from '../errors/kernelErrors.js';
import type { Runtime } from '../runtime/Runtime.js';
import { isThenable } from './detectAsync.js';
import { MethodKind } from './MethodKind.js';
import type { Recording } from './recordings.js';

interface Resolved {
  readonly recording: Recording;
  readonly options: unknown;
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

function supportsSync({ recording, options }: Resolved): boolean {
  const rule = recording.aspect.supportsSync;
  return typeof rule === 'function' ? rule(options) : rule;
}

/**
 * A policy-based advice follows hot reloads: when the runtime's policies change, the advice is
 * rebuilt on the next call if its policy changed (one integer comparison per call otherwise).
 */
function followPolicy(
  recording: Recording,
  initial: unknown,
  runtime: Runtime,
  target: AdviceTarget,
  kind: MethodKind,
): Advice {
  const policy = recording.policy!;
  const aspect = recording.aspect;
  let generation = runtime.policies.generation;
  let options = initial;
  let advice = aspect.create(options, runtime, target, kind);
  return (invocation, next) => {
    if (generation !== runtime.policies.generation) {
      generation = runtime.policies.generation;
      const latest = runtime.policies.resolve(aspect, policy, target.qualifiedName);
      // A reload that left this policy alone keeps the advice and the state it holds.
      if (latest !== options) {
        options = latest;
        advice = aspect.create(options, runtime, target, kind);
      }
    }
    return advice(invocation, next);
  };
}

function callOriginal(target: AdviceTarget): Next {
  const original = target.original as (...args: unknown[]) => unknown;
  return (invocation) => original.apply(invocation.instance, invocation.args);
}

/**
 * The end of the chain: calls the method. Unless it is known to be synchronous, its own
 * synchronous throw is answered by `kind` like an advice's (see {@link link}).
 */
function terminal(target: AdviceTarget, asyncOnly: readonly string[], kind: MethodKind): Next {
  const original = target.original as (...args: unknown[]) => unknown;
  if (kind.async === false) return callOriginal(target);
  if (kind.async === true) {
    return (invocation) => {
      try {
        return original.apply(invocation.instance, invocation.args);
      } catch (error) {
        return kind.thrown(error);
      }
    };
  }
  // Sync or async is only known from the first result: learnt once for the whole chain; a sync
  // result under an aspect that needs time is refused on that call and every later one.
  if (asyncOnly.length === 0) {
    return (invocation) => {
      let result: unknown;
      try {
        result = original.apply(invocation.instance, invocation.args);
      } catch (error) {
        return kind.thrown(error);
      }
      if (kind.async === undefined) kind.async = isThenable(result);
      return result;
    };
  }
  const refuse = (): never => {
    throw new SyncUnsupportedError(
      `${target.qualifiedName} returned a non-promise value, but ${asyncOnly.map((n) => `@${n}`).join(', ')} ` +
        'needs an async method (one that returns a promise).',
    );
  };
  return (invocation) => {
    if (kind.async === false) refuse();
    let result: unknown;
    try {
      result = original.apply(invocation.instance, invocation.args);
    } catch (error) {
      return kind.thrown(error);
    }
    if (kind.async === undefined) {
      kind.async = isThenable(result);
      if (!kind.async) refuse();
    }
    return result;
  };
}

/**
 * One link of the chain: runs `advice` around the rest. Unless the method is known to be
 * synchronous, a synchronous throw from it (or from anything below it) is answered by `kind`,
 * so every advice above sees an async method fail as a rejection, never as a throw; a
 * `try/catch` that does not throw costs nothing. The outermost link also hands the caller a
 * plain promise for the outcome the advice observed: one reaction, attached here in the
 * caller's async context, settles every layer.
 */
function link(advice: Advice, next: Next, kind: MethodKind, outermost: boolean): Next {
  if (kind.async === false) {
    if (!outermost) return (invocation) => advice(invocation, next);
    return (invocation) => {
      const result = advice(invocation, next);
      return result instanceof Outcome ? result.promise() : result;
    };
  }
  if (!outermost) {
    return (invocation) => {
      try {
        return advice(invocation, next);
      } catch (error) {
        return kind.thrown(error);
      }
    };
  }
  return (invocation) => {
    let result: unknown;
    try {
      result = advice(invocation, next);
    } catch (error) {
      return kind.thrown(error);
    }
    return result instanceof Outcome ? result.promise() : result;
  };
}

/** A recording with its options: its own, or its policy's as the runtime resolves it now. */
function withOptions(recording: Recording, runtime: Runtime, target: AdviceTarget): Resolved {
  const options =
    recording.policy === undefined
      ? recording.options
      : runtime.policies.resolve(recording.aspect, recording.policy, target.qualifiedName);
  return { recording, options };
}

/**
 * Composes the advice for one method once: sorted by precedence (or the validated explicit
 * order), options resolved from policies, the sync/async contract checked, and a synchronous
 * throw anywhere in the chain answered as the method answers (see {@link MethodKind}).
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
    withOptions(recording, runtime, target),
  );
  const asyncOnly = resolved
    .filter((entry) => !supportsSync(entry))
    .map((entry) => entry.recording.aspect.name);
  if (target.isAsync === false && asyncOnly.length > 0) {
    throw new SyncUnsupportedError(
      `${target.qualifiedName} is synchronous, but ${asyncOnly.map((n) => `@${n}`).join(', ')} ` +
        'needs time (delays, timeouts or queueing). Make the method async or drop the aspect.',
    );
  }
  if (resolved.length === 0) return runtime.instrumentChain(callOriginal(target), target, []);
  // A method's kind is decided once, for every link and advice: from metadata, else from its
  // first answer.
  const kind = new MethodKind(target.isAsync, asyncOnly.length > 0);
  const advices = resolved.map(({ recording, options }) =>
    recording.policy === undefined
      ? recording.aspect.create(options, runtime, target, kind)
      : followPolicy(recording, options, runtime, target, kind),
  );
  let chain: Next = terminal(target, asyncOnly, kind);
  for (let index = advices.length - 1; index >= 0; index--) {
    chain = link(advices[index]!, chain, kind, index === 0);
  }
  return runtime.instrumentChain(
    chain,
    target,
    resolved.map(({ recording, options }) => ({ name: recording.aspect.name, options })),
  );
}
