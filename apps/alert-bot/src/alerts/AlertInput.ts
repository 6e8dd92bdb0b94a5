import { checkValue } from '@ballast/schema';
import Type, { type Static } from 'typebox';
import { InvalidAlertError } from '../errors/alertBotErrors.js';
import { Graphemes } from './graphemes.js';

/**
 * What a sender submits (`POST /alerts`, `alert-bot send`), declared once: the route's
 * validation, the CLI's, the TypeScript type and the README's table come from it. Only
 * `title` is required; unknown fields are refused.
 */
export const AlertInputSchema = Type.Object(
  {
    title: Graphemes(200, { minLength: 1, pattern: '\\S' }),
    severity: Type.Optional(
      Type.Enum(['info', 'warning', 'critical'], { description: '@default "warning"' }),
    ),
    message: Type.Optional(Graphemes(4_000)),
    source: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: '@default how it arrived (http, cli, log, inspection, api)',
      }),
    ),
    labels: Type.Optional(
      Type.Record(
        Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }),
        Type.String({ maxLength: 200 }),
        {
          maxProperties: 20,
          description: 'up to 20 string values; keys 1-64 of A-Z a-z 0-9 _ . -',
        },
      ),
    ),
    status: Type.Optional(
      Type.Enum(['firing', 'resolved'], {
        description:
          'none: an event, resolved after grouping.resolveTimeoutMs; "firing": holds its group open until a "resolved" alert of the same group',
      }),
    ),
    id: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_.:-]{1,100}$',
        description: "1-100 of A-Z a-z 0-9 _ . : - (the sender's idempotency key)",
      }),
    ),
  },
  { additionalProperties: false },
);

/** An alert as submitted. */
export type AlertInput = Static<typeof AlertInputSchema>;

/**
 * `input` as an {@link AlertInput}.
 * @throws InvalidAlertError (`ALERT_INVALID`) naming each bad field.
 */
export function checkAlert(input: unknown): AlertInput {
  const checked = checkValue(AlertInputSchema, input);
  if (checked.ok) return checked.value as AlertInput;
  throw new InvalidAlertError(checked.issues);
}
