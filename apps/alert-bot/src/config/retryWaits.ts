import type { DeliveryConfig } from './AlertBotConfig.js';

/** The waits before attempts 2, 3, …: the list as given, or the exponential schedule unrolled. */
export function retryWaits(schedule: DeliveryConfig['retrySchedule']): readonly number[] {
  if (Array.isArray(schedule)) return schedule;
  const { baseMs, factor, maxMs, retries } = schedule as Exclude<
    typeof schedule,
    readonly number[]
  >;
  return Array.from({ length: retries }, (_, n) => Math.min(maxMs!, baseMs * factor! ** n));
}
