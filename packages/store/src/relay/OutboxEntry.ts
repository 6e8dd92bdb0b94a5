/** One change waiting in a user's outbox for the relay. */
export interface OutboxEntry {
  /** Rises with every write of the user; the relay's progress marker. */
  readonly seq: number;
  readonly collection: string;
  readonly id: string;
  readonly version: number;
  /** The document JSON, or null for a delete. */
  readonly body: string | null;
  readonly updatedAt: number;
}
