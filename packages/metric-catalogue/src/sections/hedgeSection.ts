import { hedgeStatistics } from '@ballast/resilience';
import type { StatisticsSection } from '../StatisticsSection.js';

/** `ballast_hedge_*` from `@Hedge`. */
export const hedgeSection: StatisticsSection = {
  name: 'hedge',
  read(runtime, samples) {
    const calls = samples('ballast_hedge_calls_total');
    const attempts = samples('ballast_hedge_attempts_total');
    const wins = samples('ballast_hedge_wins_total');
    const exhausted = samples('ballast_hedge_budget_exhausted_total');
    const delay = samples('ballast_hedge_delay_seconds');
    for (const [policy, s] of hedgeStatistics(runtime)) {
      calls.add({ policy }, s.calls);
      attempts.add({ policy }, s.hedged);
      wins.add({ policy }, s.hedgeWins);
      exhausted.add({ policy }, s.budgetExhausted);
      delay.add({ policy }, s.delayMs / 1_000);
    }
  },
};
