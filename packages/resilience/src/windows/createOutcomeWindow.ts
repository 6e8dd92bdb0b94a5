import type { BreakerConfig } from '../circuit-breaker/BreakerConfig.js';
import { ConsecutiveWindow } from './ConsecutiveWindow.js';
import { CountWindow } from './CountWindow.js';
import type { OutcomeWindow } from './OutcomeWindow.js';
import { RateThresholds } from './RateThresholds.js';
import { TimeWindow } from './TimeWindow.js';

/** The window a breaker's options ask for: `count`, `time` or `consecutive`. */
export function createOutcomeWindow(config: BreakerConfig): OutcomeWindow {
  const thresholds = new RateThresholds(
    config.minimumCalls,
    config.failureRateThreshold,
    config.slowCallRateThreshold,
  );
  if (config.window === 'time')
    return new TimeWindow(config.windowDuration, config.windowBuckets, thresholds);
  if (config.window === 'count') return new CountWindow(config.windowSize, thresholds);
  return new ConsecutiveWindow(config.consecutiveFailures, config.slowCallDuration !== undefined);
}
