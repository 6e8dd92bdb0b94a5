/** One thing wrong with a value checked against a schema. */
export interface ValidationIssue {
  /**
   * Where: `port`, `channels[0].secret`, `labels.env`; `""` for the value as a whole. Request
   * parts other than the body are prefixed: `query.limit`, `params.id`, `headers.if-match`.
   */
  readonly field: string;
  /** What is wrong and what is allowed: `must be <= 65535`. Never the value given. */
  readonly detail: string;
}
