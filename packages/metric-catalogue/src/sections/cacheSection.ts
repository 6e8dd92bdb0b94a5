import { cacheStatistics } from '@ballast/resilience';
import type { StatisticsSection } from '../StatisticsSection.js';

/** `ballast_cache_*` from `@Cache`. */
export const cacheSection: StatisticsSection = {
  name: 'cache',
  read(runtime, samples) {
    const lookups = samples('ballast_cache_lookups_total');
    const stale = samples('ballast_cache_stale_served_total');
    const evictions = samples('ballast_cache_evictions_total');
    const entries = samples('ballast_cache_entries');
    const bytes = samples('ballast_cache_bytes');
    for (const [policy, s] of cacheStatistics(runtime)) {
      lookups.add({ policy, result: 'hit' }, s.hits);
      lookups.add({ policy, result: 'miss' }, s.misses);
      lookups.add({ policy, result: 'coalesced' }, s.coalesced);
      stale.add({ policy }, s.staleServed);
      evictions.add({ policy }, s.evictions);
      entries.add({ policy }, s.entries);
      bytes.add({ policy }, s.bytes);
    }
  },
};
