import { patternRedactor } from '../patternRedactor.js';

/** PEM private keys (RSA, EC, OPENSSH, ENCRYPTED, …), also when cut off before the END line. */
export const pemPrivateKey = patternRedactor(
  'pemPrivateKey',
  /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(-----END ([A-Z0-9]+ )*PRIVATE KEY-----|$(?![\s\S]))/g,
  '[REDACTED PRIVATE KEY]',
);
