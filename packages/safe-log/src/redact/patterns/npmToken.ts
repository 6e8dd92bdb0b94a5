import { patternRedactor } from '../patternRedactor.js';

/** npm access tokens (`npm_` + 36 characters). */
export const npmToken = patternRedactor('npmToken', /\bnpm_[A-Za-z0-9]{36}\b/g, '[REDACTED]');
