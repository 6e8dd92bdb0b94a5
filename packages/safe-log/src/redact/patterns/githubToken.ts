import { patternRedactor } from '../patternRedactor.js';

/** GitHub tokens: classic `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` and fine-grained `github_pat_`. */
export const githubToken = patternRedactor(
  'githubToken',
  /\b(gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g,
  '[REDACTED]',
);
