import type { PolicyConfig } from '@ballast/core';
import type { InspectionTarget, InspectionConfig } from '../config/AlertBotConfig.js';
import { INSPECTION_BREAKER } from '../inspection/InspectionBot.js';

/** The runtime's named policies, built from the configuration. */
export function alertBotPolicies(inspection: InspectionConfig): PolicyConfig {
  return {
    CircuitBreaker: {
      [INSPECTION_BREAKER]: {
        name: INSPECTION_BREAKER,
        window: 'consecutive',
        ...inspection.breaker,
        halfOpenProbes: 1,
        key: ([target]: [InspectionTarget]) => target.name,
      },
    },
  };
}
