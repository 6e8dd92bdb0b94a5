import { createHash } from 'node:crypto';
import type { ErrorSummary } from './AlertSink.js';

/**
 * The fingerprint of an error summary: source, error name, code and the message with its
 * variable parts (numbers, hex ids, UUIDs, quoted values) blanked, so "user 17 not found" and
 * "user 42 not found" count as one error.
 */
export function errorFingerprint(summary: ErrorSummary): string {
  const shape = summary.message
    .slice(0, 500)
    .replace(/"[^"]*"|'[^']*'/g, '?')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '#')
    .replace(/\b(0x)?[0-9a-f]*\d[0-9a-f]*\b/gi, '#');
  return createHash('sha1')
    .update(`${summary.source}\n${summary.errorName ?? ''}\n${summary.code ?? ''}\n${shape}`)
    .digest('hex')
    .slice(0, 16);
}
