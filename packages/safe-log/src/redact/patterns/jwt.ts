import { patternRedactor } from '../patternRedactor.js';

/**
 * JSON Web Tokens (`eyJ…` header and payload, optional signature). The header stops at an
 * inner `-eyJ`, where the next try starts: else every `eyJ` of a long `eyJa-eyJa-…` run would
 * rescan the run to its end (quadratic time).
 */
export const jwt = patternRedactor(
  'jwt',
  /\beyJ(?:(?!-eyJ)[A-Za-z0-9_-]){4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
  '[REDACTED]',
);
