import { safeLoggerStatistics } from '@ballast/safe-log';
import type { StatisticsSection } from '../StatisticsSection.js';

/** `ballast_log_dropped_total{logger}` and `ballast_log_sink_errors_total{logger}` from safe loggers. */
export const logSection: StatisticsSection = {
  name: 'logs',
  read(runtime, samples) {
    const dropped = samples('ballast_log_dropped_total');
    const sinkErrors = samples('ballast_log_sink_errors_total');
    for (const s of safeLoggerStatistics(runtime)) {
      dropped.add({ logger: s.name }, s.dropped);
      sinkErrors.add({ logger: s.name }, s.sinkErrors);
    }
  },
};
