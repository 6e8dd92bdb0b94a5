import { patternRedactor } from '../patternRedactor.js';

/** `Authorization`-style credentials inside text: `Bearer …`, `Basic …`, `Token …`. */
export const bearerToken = patternRedactor(
  'bearerToken',
  /\b(Bearer|Basic|Token|Digest)\s+[A-Za-z0-9\-._~+/]{6,}=*/gi,
  '$1 [REDACTED]',
);
