import { flagsOf } from '@ballast/flags';
import type { StatisticsSection } from './StatisticsSection.js';

/**
 * `ballast_feature_flag_evaluations_total{flag,variant,reason}` from `@ballast/flags`. Flag and
 * variant values come from flag definitions; unknown keys are capped by the flag store.
 */
export const flagSection: StatisticsSection = {
  name: 'flags',
  read(runtime, samples) {
    const out = samples('ballast_feature_flag_evaluations_total');
    for (const { flag, variant, reason, count } of flagsOf(runtime).statistics.counts()) {
      out.add({ flag, variant, reason }, count);
    }
  },
};
