import { retryStatistics } from '@ballast/resilience';
import type { StatisticsSection } from '../StatisticsSection.js';

/** `ballast_retry_calls_total` and `ballast_retry_budget_exhausted_total` from `@Retry`. */
export const retrySection: StatisticsSection = {
  name: 'retry',
  read(runtime, samples) {
    const calls = samples('ballast_retry_calls_total');
    const exhausted = samples('ballast_retry_budget_exhausted_total');
    for (const [policy, s] of retryStatistics(runtime)) {
      calls.add({ policy, kind: 'successful_without_retry' }, s.successfulWithoutRetry);
      calls.add({ policy, kind: 'successful_with_retry' }, s.successfulWithRetry);
      calls.add({ policy, kind: 'failed_without_retry' }, s.failedWithoutRetry);
      calls.add({ policy, kind: 'failed_with_retry' }, s.failedWithRetry);
      exhausted.add({ policy }, s.budgetExhausted);
    }
  },
};
