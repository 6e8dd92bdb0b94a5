import {
  type Advice,
  type AdviceTarget,
  ConfigError,
  currentUser,
  type Invocation,
  type MethodKind,
  type Runtime,
} from '@ballast/core';
import { FeatureDisabledError } from '../errors/FeatureDisabledError.js';
import type { EvaluationReason } from '../evaluation/EvaluationReason.js';
import type { FlagContext } from '../evaluation/FlagContext.js';
import { flagsOf } from '../store/flagsOf.js';
import type { FeatureFlagSettings } from './FeatureFlagOptions.js';

type OffHandler = (invocation: Invocation, reason: EvaluationReason, isAsync: boolean) => unknown;

function checkFallbackMethod(method: string, target: AdviceTarget): void {
  const prototype = target.prototype as Record<string, unknown> | undefined;
  if (prototype === undefined) {
    throw new ConfigError(
      `@FeatureFlag on ${target.qualifiedName}: whenOff { method: '${method}' } needs a class method; use { value } with protect().`,
    );
  }
  if (method === target.methodName || typeof prototype[method] !== 'function') {
    const methods = Object.getOwnPropertyNames(prototype).filter(
      (name) =>
        name !== 'constructor' &&
        name !== target.methodName &&
        typeof prototype[name] === 'function',
    );
    throw new ConfigError(
      `@FeatureFlag on ${target.qualifiedName}: whenOff names method "${method}", which ${method === target.methodName ? 'is the decorated method itself' : `is not a method of ${target.className}`} (methods: ${methods.join(', ') || 'none'}).`,
    );
  }
}

function offHandler(settings: FeatureFlagSettings, target: AdviceTarget): OffHandler {
  const whenOff = settings.whenOff;
  if (whenOff === 'throw') {
    return (_invocation, reason, isAsync) => {
      const error = new FeatureDisabledError(settings.flag, reason, target.qualifiedName);
      if (isAsync) return Promise.reject(error);
      throw error;
    };
  }
  if (typeof whenOff === 'object' && 'method' in whenOff) {
    checkFallbackMethod(whenOff.method, target);
    const name = whenOff.method;
    return (invocation) => {
      const instance = invocation.instance as Record<string, (...args: unknown[]) => unknown>;
      return instance[name]!.apply(instance, invocation.args);
    };
  }
  const value = whenOff === 'skip' ? undefined : whenOff.value;
  return (_invocation, _reason, isAsync) => (isAsync ? Promise.resolve(value) : value);
}

function contextReader(
  settings: FeatureFlagSettings,
): (invocation: Invocation) => FlagContext | undefined {
  const { key, attributes } = settings;
  if (key === undefined && attributes === undefined) return () => currentUser();
  return (invocation) => {
    const args = invocation.args as never[];
    const user = key === undefined || attributes === undefined ? currentUser() : undefined;
    return {
      key: key === undefined ? user?.key : key(...args),
      attributes: attributes === undefined ? user?.attributes : attributes(...args),
    };
  };
}

/**
 * @internal builds the advice at weave time: the flag store, the off behaviour (a fallback
 * method is checked to exist now) and the context reader are fixed; a call evaluates the
 * snapshot synchronously and allocates nothing when the context comes from the call context.
 */
export function createFeatureFlagAdvice(
  settings: FeatureFlagSettings,
  runtime: Runtime,
  target: AdviceTarget,
  kind: MethodKind,
): Advice {
  const store = flagsOf(runtime);
  const whenOff = offHandler(settings, target);
  const readContext = contextReader(settings);
  const { flag, defaultValue } = settings;
  return (invocation, next) => {
    let context: FlagContext | undefined;
    try {
      context = readContext(invocation);
    } catch {
      store.countError(flag);
      return defaultValue ? next(invocation) : whenOff(invocation, 'ERROR', kind.async === true);
    }
    const remote = store.remote;
    if (remote !== undefined && kind.async === true) {
      return remote
        .evaluateBoolean(flag, context, defaultValue)
        .then((result) =>
          result.value ? next(invocation) : whenOff(invocation, result.reason, true),
        );
    }
    const result = store.evaluate(flag, context, defaultValue);
    if (!result.value) return whenOff(invocation, result.reason, kind.async === true);
    return next(invocation);
  };
}
