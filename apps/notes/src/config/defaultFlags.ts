import type { FlagsDocument } from '@ballast/flags';

/** Key of the flag guarding search. */
export const SEARCH_FLAG = 'notes.search';

/**
 * The flags the service starts with when the configuration gives none: search is in gray
 * release — on for the test users `tester` and `qa`, and for 10 % of everyone else (sticky per
 * user, raising the percentage only adds users). Replace it with the `flags` option or a
 * watched `flagsFile`.
 */
export const DEFAULT_FLAGS: FlagsDocument = {
  flags: {
    [SEARCH_FLAG]: {
      enabled: true,
      description: "Full-text search over a user's notes (gray release).",
      allow: ['tester', 'qa'],
      fallthrough: { rollout: { percentage: 10 } },
    },
  },
};
