import { patternRedactor } from '../patternRedactor.js';

/** Stripe secret, restricted and publishable keys and webhook secrets. */
export const stripeKey = patternRedactor(
  'stripeKey',
  /\b((sk|rk|pk)_(live|test)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{16,})\b/g,
  '[REDACTED]',
);
