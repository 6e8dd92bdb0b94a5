import {
  type Advice,
  type AdviceTarget,
  type Invocation,
  isThenable,
  type Next,
  type Runtime,
} from '@ballast/core';
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
  if (isThenable(result)) return result.then(compartment.onFulfilled, compartment.onRejected);
  // The kernel refuses sync results under an async-only aspect before they get here; free the
  // slot anyway so a misbehaving terminal can never leak it.
  compartment.release();
  return result;
}

/**
 * Builds the bulkhead advice for one method: a free slot runs the call at once (no allocation
 * beyond the promise chain); otherwise the call waits in the bounded queue.
 */
export function createBulkheadAdvice(
  config: BulkheadConfig,
  runtime: Runtime,
  target: AdviceTarget,
): Advice {
  const compartment = bulkheadRegistry(runtime).register(
    config.name ?? target.qualifiedName,
    config,
  );
  return (invocation, next) => {
    if (compartment.tryEnter()) return runInSlot(compartment, invocation, next);
    return compartment.wait().then(() => runInSlot(compartment, invocation, next));
  };
}
