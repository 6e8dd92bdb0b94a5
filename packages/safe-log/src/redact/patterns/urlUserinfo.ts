import { patternRedactor } from '../patternRedactor.js';

/**
 * Credentials in URLs: `https://user:pass@host` becomes `https://[REDACTED]@host`. Schemes are
 * at most 64 characters, so text such as `a.a.a.…` costs linear time, not a rescan of the rest
 * of the run from each of its words.
 */
export const urlUserinfo = patternRedactor(
  'urlUserinfo',
  /\b([a-z][a-z0-9+.-]{0,63}:\/\/)[^\s/?#@]+@/gi,
  '$1[REDACTED]@',
);
