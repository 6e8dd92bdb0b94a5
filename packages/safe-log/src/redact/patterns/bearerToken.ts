import { patternRedactor } from '../patternRedactor.js';

/**
 * `Authorization`-style credentials inside text: `Bearer …`, `Basic …`, `Token …`, `Digest …`.
 * Case-sensitive apart from `bearer`, so prose such as "the token expired" stays readable.
 */
export const bearerToken = patternRedactor(
  'bearerToken',
  /\b([Bb]earer|Basic|Token|Digest)\s+(?!(?:[Bb]earer|Basic|Token|Digest)\b)[A-Za-z0-9\-._~+/]{6,}=*/g,
  '$1 [REDACTED]',
);
