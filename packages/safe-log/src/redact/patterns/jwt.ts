import { patternRedactor } from '../patternRedactor.js';

/** JSON Web Tokens (`eyJ…` header and payload, optional signature). */
export const jwt = patternRedactor(
  'jwt',
  /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
  '[REDACTED]',
);
