import { createHash, randomBytes } from 'node:crypto';

/** A parsed API key: the public id to look it up by and the secret to check. */
export interface ApiKeyParts {
  readonly keyId: string;
  readonly secret: string;
}

const PREFIX = 'nk_';
const KEY = /^nk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/**
 * A new API key `nk_<keyId>_<secret>`: 64 random bits of public id and 256 random bits of
 * secret (base64url). Only the secret's SHA-256 is stored; with that much entropy a fast hash
 * is enough (no password-style stretching needed).
 */
export function generateApiKey(): {
  readonly key: string;
  readonly keyId: string;
  readonly secretHash: string;
} {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `${PREFIX}${keyId}_${secret}`, keyId, secretHash: hashSecret(secret) };
}

/** The parts of a well-formed key, or undefined. */
export function parseApiKey(key: string): ApiKeyParts | undefined {
  const match = KEY.exec(key);
  return match === null ? undefined : { keyId: match[1]!, secret: match[2]! };
}

/** SHA-256 of a key's secret, hex. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
