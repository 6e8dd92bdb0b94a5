import { type CallContext, type Invocation, type Next, runInContext } from '@ballast/core';

let handoffNext: Next | undefined;
let handoffInvocation: Invocation | undefined;

// runInContext takes a function without arguments; handing the call over through module
// variables (read at once, synchronously, before anything else can run) saves a closure per call.
function runHandedOff(): unknown {
  const next = handoffNext!;
  const invocation = handoffInvocation!;
  handoffNext = undefined;
  handoffInvocation = undefined;
  return next(invocation);
}

/** @internal `next(invocation)` with `patch` merged into the call context, allocation-free. */
export function callInContext(patch: CallContext, next: Next, invocation: Invocation): unknown {
  handoffNext = next;
  handoffInvocation = invocation;
  return runInContext(patch, runHandedOff);
}
