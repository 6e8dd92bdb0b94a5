import { patternRedactor } from '../patternRedactor.js';

/** Secret-looking query parameters: `?access_token=…`, `&api_key=…`, `&signature=…`, OAuth `?code=…`. */
export const secretQueryParam = patternRedactor(
  'secretQueryParam',
  /([?&](access_token|refresh_token|id_token|token|api_key|apikey|key|password|secret|client_secret|sig|signature|code)=)[^&#\s"']+/gi,
  '$1[REDACTED]',
);
