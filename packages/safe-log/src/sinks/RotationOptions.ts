/** How a log file is rotated. Rotation applies to regular files only, never to devices. */
export interface RotationOptions {
  /** Rotate before a write would take the file past this many bytes. @default no size limit */
  readonly maxSizeBytes?: number;
  /** Rotate when the UTC hour or day changes. @default no time-based rotation */
  readonly interval?: 'hourly' | 'daily';
  /** Rotated files kept; older ones are deleted. @default 5 */
  readonly maxFiles?: number;
}

const PERIOD_MS = { hourly: 3_600_000, daily: 86_400_000 } as const;

/** The rotation period `now` falls in (UTC), or 0 without time-based rotation. */
export function periodOf(interval: RotationOptions['interval'], now: number): number {
  return interval === undefined ? 0 : Math.floor(now / PERIOD_MS[interval]);
}
