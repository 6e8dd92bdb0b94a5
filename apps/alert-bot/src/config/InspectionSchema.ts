import { Defaulted } from '@ballast/schema';
import Type from 'typebox';
import { DAY_MS, HttpUrl, ms, Name } from './configFields.js';

/** One URL the inspection bot checks. */
export const InspectionTargetSchema = Type.Object(
  {
    name: Name,
    url: HttpUrl,
    expectStatus: Defaulted(Type.Integer({ minimum: 100, maximum: 599 }), 200),
    maxLatencyMs: Defaulted(ms(1, 300_000), 2_000),
    bodyContains: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);

/**
 * The inspection bot: every target is checked every `intervalMs`, whatever happened before,
 * so a recovery is seen at the next check.
 */
export const InspectionSchema = Type.Object(
  {
    intervalMs: Defaulted(ms(10, DAY_MS), 60_000),
    attemptTimeoutMs: Defaulted(ms(10, 300_000), 10_000),
    failuresBeforeDown: Defaulted(Type.Integer({ minimum: 1, maximum: 100 }), 2),
    targets: Defaulted(
      Type.Refine(
        Type.Array(InspectionTargetSchema, { maxItems: 1_000 }),
        (targets) => new Set(targets.map((target) => target.name)).size === targets.length,
        () => 'must have distinct names',
      ),
      [],
    ),
  },
  { additionalProperties: false },
);
