/** A stored JSON document with its version. */
export interface StoredDocument<T = unknown> {
  readonly collection: string;
  readonly id: string;
  /** Starts at 1 and rises by one on every write (deletes included). */
  readonly version: number;
  readonly body: T;
  /** Time of the last write, ms on the store's clock. */
  readonly updatedAt: number;
}

/** What a write returns: the document's new version. */
export interface WriteResult {
  readonly collection: string;
  readonly id: string;
  readonly version: number;
  readonly updatedAt: number;
}

/** Options of `put` and `delete`. */
export interface WriteOptions {
  /**
   * Optimistic concurrency: the write happens only if the document is at this version
   * (0 = must not exist), else `VersionConflictError`. Omit for last-writer-wins.
   * @default undefined
   */
  readonly expectedVersion?: number;
}

/** Options of `list`. */
export interface ListOptions {
  /** Only ids after this one (keyset pagination: pass the last id of the previous page). */
  readonly after?: string;
  /** @default 100 (at most 1000) */
  readonly limit?: number;
}

/** Comparison operators of {@link DocumentQuery}. `=` and `!=` are null-safe (`IS` / `IS NOT`). */
export type QueryOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like';

/** A query on one JSON path of the documents of a collection. */
export interface DocumentQuery extends ListOptions {
  /** A SQLite JSON path such as `$.tag` or `$.items[0].sku`. */
  readonly path: string;
  /** @default '=' */
  readonly op?: QueryOperator;
  /** Compared with the value at `path`; booleans compare as 1 / 0. */
  readonly value: string | number | boolean | null;
}
