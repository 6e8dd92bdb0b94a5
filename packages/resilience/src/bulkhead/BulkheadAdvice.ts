import {
  type Advice,
  type AdviceTarget,
  type Invocation,
  isThenable,
  type MethodKind,
  type Next,
  observe,
  type Runtime,
} from '@ballast/core';
import { cancelledError } from '../call/cancellation.js';
import type { BulkheadConfig } from './Bulkhead.js';
import type { BulkheadCompartment } from './BulkheadCompartment.js';
import { bulkheadRegistry } from './bulkheadStatistics.js';

function runInSlot(compartment: BulkheadCompartment, invocation: Invocation, next: Next): unknown {
  let result: unknown;
  try {
    result = next(invocation);
  } catch (error) {
    compartment.release();
    throw error;
  }
  if (isThenable(result)) return observe(invocation, result, compartment, undefined);
  // The kernel refuses sync results under an async-only aspect before they get here; free the
  // slot anyway so a misbehaving terminal can never leak it.
  compartment.release();
  return result;
}

/**
 * Builds the bulkhead advice for one method: a free slot runs the call at once (the slot is
 * freed by the compartment settling the call's outcome); otherwise the call waits in the bounded
 * queue, which its caller's signal can make it leave.
 */
export function createBulkheadAdvice(
  config: BulkheadConfig,
  runtime: Runtime,
  target: AdviceTarget,
  kind: MethodKind,
): Advice {
  const compartment = bulkheadRegistry(runtime).register(
    config.name ?? target.qualifiedName,
    config,
  );
  return (invocation, next) => {
    const signal = invocation.signal;
    if (signal !== undefined && signal.aborted) {
      compartment.cancelled++;
      const error = cancelledError(runtime, 'Bulkhead', compartment.name, signal.reason);
      return kind.refuse(error);
    }
    if (compartment.tryEnter()) return runInSlot(compartment, invocation, next);
    const waiting = compartment.queue(signal);
    if (!(waiting instanceof Promise)) return kind.refuse(waiting);
    return waiting.then(() => runInSlot(compartment, invocation, next));
  };
}
