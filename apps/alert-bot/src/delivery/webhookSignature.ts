import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The key bytes of a Standard Webhooks secret (`whsec_<base64>`), or undefined when the secret
 * is malformed or outside the spec's 24 to 64 bytes.
 */
export function decodeWebhookSecret(secret: string): Buffer | undefined {
  if (typeof secret !== 'string' || !secret.startsWith(PREFIX)) return undefined;
  const encoded = secret.slice(PREFIX.length);
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) return undefined;
  const key = Buffer.from(encoded, 'base64');
  return key.length >= 24 && key.length <= 64 ? key : undefined;
}

/**
 * The `webhook-signature` value of the Standard Webhooks spec:
 * `v1,<base64 HMAC-SHA256 over "<id>.<timestamp>.<body>">` with the decoded secret as key.
 *
 * @param key - the decoded secret ({@link decodeWebhookSecret}).
 * @param timestamp - whole seconds since the epoch, as sent in `webhook-timestamp`.
 * @example
 * ```ts
 * const signature = signWebhook(decodeWebhookSecret(secret)!, alert.id, Math.floor(Date.now() / 1000), body);
 * ```
 */
export function signWebhook(key: Buffer, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/**
 * True when one of the space-separated signatures in `header` is a valid `v1` signature of
 * the message, compared in constant time, and `timestamp` is within `toleranceS` of `nowS`
 * (replay protection).
 */
export function verifyWebhook(
  key: Buffer,
  headers: { readonly id: string; readonly timestamp: string; readonly signature: string },
  body: string,
  nowS: number,
  toleranceS = 300,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowS - timestamp) > toleranceS) return false;
  const expected = Buffer.from(signWebhook(key, headers.id, timestamp, body));
  return headers.signature.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
