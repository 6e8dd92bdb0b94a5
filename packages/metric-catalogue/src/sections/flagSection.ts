import { flagStatisticsOf } from '@ballast/flags';
import type { StatisticsSection } from '../StatisticsSection.js';

/**
 * `ballast_feature_flag_evaluations_total{flag,variant,reason}` from `@ballast/flags`. Flag and
 * variant values come from flag definitions; unknown keys are capped by the flag store.
 */
export const flagSection: StatisticsSection = {
  name: 'flags',
  read(runtime, samples) {
    const out = samples('ballast_feature_flag_evaluations_total');
    // Peek: a runtime that never used flags has no store, and reading must not create one.
    for (const { flag, variant, reason, count } of flagStatisticsOf(runtime)?.counts() ?? []) {
      out.add({ flag, variant, reason }, count);
    }
  },
};
