/**
 * What a runbook is for:
 * - `EMERGENCY`: stop the bleeding now (force a breaker open, switch a feature off).
 * - `SELF_RECOVERY`: run by itself when a condition on the runtime holds (see `trigger`).
 * - `RECOVERY`: bring things back once the cause is fixed (close breakers, resume channels).
 */
export type RunbookScene = 'EMERGENCY' | 'SELF_RECOVERY' | 'RECOVERY';

/** Every {@link RunbookScene}, for validation and listings. */
export const RUNBOOK_SCENES: readonly RunbookScene[] = Object.freeze([
  'EMERGENCY',
  'SELF_RECOVERY',
  'RECOVERY',
]);
