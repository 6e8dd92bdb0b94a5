/**
 * Why an evaluation returned its value; the same names as OpenFeature's standard reasons.
 * - `STATIC`: the flag has no targeting; everyone gets the same value.
 * - `TARGETING_MATCH`: an allow/deny list or a rule decided.
 * - `SPLIT`: a percentage rollout or weighted split decided.
 * - `DISABLED`: the kill switch is off.
 * - `DEFAULT`: no rule matched (or no key to bucket on); the fallthrough value.
 * - `ERROR`: unknown flag, wrong type or a failure; the code's default value.
 * - `STALE`: the remote (OpenFeature) provider failed; the local last-known-good value.
 */
export type EvaluationReason =
  'STATIC' | 'TARGETING_MATCH' | 'SPLIT' | 'DISABLED' | 'DEFAULT' | 'ERROR' | 'STALE';

/** The reasons as a list, e.g. to pre-register metric series. */
export const EVALUATION_REASONS: readonly EvaluationReason[] = Object.freeze([
  'STATIC',
  'TARGETING_MATCH',
  'SPLIT',
  'DISABLED',
  'DEFAULT',
  'ERROR',
  'STALE',
]);
