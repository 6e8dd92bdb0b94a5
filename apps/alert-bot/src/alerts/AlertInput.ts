import type { AlertSeverity } from './AlertRecord.js';

/**
 * What a sender submits (`POST /alerts`, `alert-bot send`). Only `title` is required.
 *
 * | field | rule |
 * |---|---|
 * | `title` | string, 1–200 characters |
 * | `severity` | `info`, `warning` or `critical` (default `warning`) |
 * | `message` | string, up to 4000 characters |
 * | `source` | string, 1–100 characters (default: how it arrived) |
 * | `labels` | object of up to 20 string values; keys 1–64 of `[A-Za-z0-9_.-]`, values up to 200 characters |
 * | `id` | 1–100 of `[A-Za-z0-9_.:-]`: the sender's idempotency key; a repeat is accepted once |
 */
export interface AlertInput {
  readonly title: string;
  readonly severity?: AlertSeverity;
  readonly message?: string;
  readonly source?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly id?: string;
}
