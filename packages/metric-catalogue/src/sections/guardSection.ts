import { guardStatistics } from '@ballast/resilience';
import type { StatisticsSection } from '../StatisticsSection.js';

/** `ballast_guard_violations_total{policy,subject,action}` from `@Guard`. */
export const guardSection: StatisticsSection = {
  name: 'guard',
  read(runtime, samples) {
    const out = samples('ballast_guard_violations_total');
    for (const [policy, s] of guardStatistics(runtime)) {
      out.add({ policy, subject: 'argument', action: 'rejected' }, s.argumentsRejected);
      out.add({ policy, subject: 'argument', action: 'logged' }, s.argumentsLogged);
      out.add({ policy, subject: 'result', action: 'rejected' }, s.resultsRejected);
      out.add({ policy, subject: 'result', action: 'logged' }, s.resultsLogged);
    }
  },
};
