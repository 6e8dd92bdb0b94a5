import { patternRedactor } from '../patternRedactor.js';

/** AWS access key ids (`AKIA…`, temporary `ASIA…`). Secret keys are caught by their key names. */
export const awsAccessKey = patternRedactor(
  'awsAccessKey',
  /\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
  '[REDACTED]',
);
