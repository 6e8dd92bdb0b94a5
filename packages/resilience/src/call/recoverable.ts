import { CancelledError, errorKind } from '@ballast/core';
import { ContractViolationError } from '../guard/ContractViolationError.js';

/**
 * Whether a fallback or a stale value may stand in for `error`. Never for a failure whose class
 * declares it a `config` error (from any package: misconfiguration is a bug to fix, never
 * something to paper over), for arguments that broke their contract (bad input), or for a
 * cancelled call (its caller has gone and wants no value).
 */
export function isReplaceable(error: unknown): boolean {
  return (
    errorKind(error) !== 'config' && !CancelledError.is(error) && !ContractViolationError.is(error)
  );
}
