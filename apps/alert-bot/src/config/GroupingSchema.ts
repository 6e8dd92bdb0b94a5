import { Defaulted } from '@ballast/schema';
import Type from 'typebox';
import { DAY_MS, ms } from './configFields.js';

const GroupBy = Type.Union(
  [
    Type.Literal('...'),
    Type.Array(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }), {
      maxItems: 20,
      uniqueItems: true,
    }),
  ],
  {
    description:
      '"..." (the title and every label) or a list of at most 20 label names (A-Z a-z 0-9 _ . -)',
  },
);

/** The grouping options, each field's type once; both schemas below are built from it. */
const fields = {
  /** Besides the source, what makes alerts one group. */
  groupBy: GroupBy,
  /** Wait before the first notification of a new group, gathering its first alerts. */
  groupWaitMs: ms(0, DAY_MS),
  /** Wait after a notification before notifying about alerts added to the group since. */
  groupIntervalMs: ms(1, DAY_MS),
  /** Wait before notifying again about a group that is still firing with nothing new. */
  repeatIntervalMs: ms(1, 7 * DAY_MS),
  /** A group whose last alert is this old (and that no explicit `firing` alert holds) is resolved. */
  resolveTimeoutMs: ms(1, 7 * DAY_MS),
  /** Send a notification when a group is resolved. */
  sendResolved: Type.Boolean(),
};

/**
 * Alertmanager's grouping, with its option names in milliseconds. Defaults suit alerts that
 * arrive as events: each group's first notification goes out a second after its first alert,
 * new alerts of the group at most every 5 minutes, a still-firing group is repeated every
 * 4 hours, and a group with no new alert for 5 minutes is resolved.
 */
export const GroupingSchema = Type.Object(
  {
    groupBy: Defaulted(fields.groupBy, '...'),
    groupWaitMs: Defaulted(fields.groupWaitMs, 1_000),
    groupIntervalMs: Defaulted(fields.groupIntervalMs, 300_000),
    repeatIntervalMs: Defaulted(fields.repeatIntervalMs, 14_400_000),
    resolveTimeoutMs: Defaulted(fields.resolveTimeoutMs, 300_000),
    sendResolved: Defaulted(fields.sendResolved, true),
  },
  { additionalProperties: false },
);

/** A channel's own grouping: any of the fields, over the top-level `grouping`. */
export const ChannelGroupingSchema = Type.Object(
  {
    groupBy: Type.Optional(fields.groupBy),
    groupWaitMs: Type.Optional(fields.groupWaitMs),
    groupIntervalMs: Type.Optional(fields.groupIntervalMs),
    repeatIntervalMs: Type.Optional(fields.repeatIntervalMs),
    resolveTimeoutMs: Type.Optional(fields.resolveTimeoutMs),
    sendResolved: Type.Optional(fields.sendResolved),
  },
  { additionalProperties: false, description: 'fields of "grouping", for this channel only' },
);
