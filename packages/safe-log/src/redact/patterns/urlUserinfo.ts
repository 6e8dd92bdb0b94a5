import { patternRedactor } from '../patternRedactor.js';

/** Credentials in URLs: `https://user:pass@host` becomes `https://[REDACTED]@host`. */
export const urlUserinfo = patternRedactor(
  'urlUserinfo',
  /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi,
  '$1[REDACTED]@',
);
