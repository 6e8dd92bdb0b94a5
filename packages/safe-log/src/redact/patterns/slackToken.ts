import { patternRedactor } from '../patternRedactor.js';

/** Slack tokens (`xoxb-`, `xoxp-`, …) and incoming-webhook URLs. */
export const slackToken = patternRedactor(
  'slackToken',
  /\bxox[abposr]-[A-Za-z0-9-]{10,}|(https:\/\/hooks\.slack\.com\/services\/)[A-Za-z0-9/]+/g,
  '$1[REDACTED]',
);
