import { keyDenylist } from './keyDenylist.js';
import { awsAccessKey } from './patterns/awsAccessKey.js';
import { bearerToken } from './patterns/bearerToken.js';
import { githubToken } from './patterns/githubToken.js';
import { jwt } from './patterns/jwt.js';
import { npmToken } from './patterns/npmToken.js';
import { pemPrivateKey } from './patterns/pemPrivateKey.js';
import { secretQueryParam } from './patterns/secretQueryParam.js';
import { slackToken } from './patterns/slackToken.js';
import { stripeKey } from './patterns/stripeKey.js';
import { urlUserinfo } from './patterns/urlUserinfo.js';
import type { Redactor } from './Redactor.js';

/** The value patterns applied by default, each one file under `redact/patterns/`. */
export const DEFAULT_VALUE_REDACTORS: readonly Redactor[] = Object.freeze([
  pemPrivateKey,
  jwt,
  bearerToken,
  awsAccessKey,
  githubToken,
  slackToken,
  stripeKey,
  npmToken,
  urlUserinfo,
  secretQueryParam,
]);

/** The default rules: the key denylist plus every value pattern. */
export function defaultRedactors(): Redactor[] {
  return [keyDenylist(), ...DEFAULT_VALUE_REDACTORS];
}
