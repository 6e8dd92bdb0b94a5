import type { FlagDefinitionError } from '../errors/FlagDefinitionError.js';

/** Payload of `flags.changed`: a new snapshot is in use. */
export interface FlagsChangedEvent {
  /** Snapshot version after the change (starts at 1, +1 per applied change). */
  readonly version: number;
  /** Who applied it: `programmatic`, `file:<path>`, `sqlite:<table>` or a custom source name. */
  readonly source: string;
  /** Flags added or whose definition changed. */
  readonly changed: readonly string[];
  /** Flags no longer defined. */
  readonly removed: readonly string[];
}

/** Payload of `flags.rejected`: a change was invalid; the previous snapshot stays in use. */
export interface FlagsRejectedEvent {
  readonly source: string;
  readonly error: FlagDefinitionError;
}

/** Payload of `flags.sourceError`: a source could not be read (file deleted, table unreadable); the last good snapshot stays. */
export interface FlagSourceErrorEvent {
  readonly source: string;
  readonly message: string;
  readonly cause: unknown;
}

declare module '@ballast/core' {
  interface BallastEvents {
    'flags.changed': FlagsChangedEvent;
    'flags.rejected': FlagsRejectedEvent;
    'flags.sourceError': FlagSourceErrorEvent;
  }
}
