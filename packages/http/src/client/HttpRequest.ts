/** One request to send with an {@link HttpClient}. */
export interface HttpRequest {
  /** Absolute `http:` or `https:` URL. */
  readonly url: string;
  /** @default 'GET' */
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Raw body. Give either `body` or `json`. */
  readonly body?: string | Uint8Array;
  /** Serialised with `JSON.stringify`; sets `content-type: application/json`. */
  readonly json?: unknown;
  /**
   * Sent as the idempotency header (`Idempotency-Key` by default). A POST or PATCH that carries
   * one may be retried, because the receiver can dedupe it.
   */
  readonly idempotencyKey?: string;
  /** Cancels the request (combined with the call context's signal). */
  readonly signal?: AbortSignal;
}
