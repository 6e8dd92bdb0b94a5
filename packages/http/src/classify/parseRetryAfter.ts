const DELTA_SECONDS = /^\s*(\d+)\s*$/;
// Every HTTP-date form names its month; this keeps bare numbers like "-5" from parsing as years.
const MONTH_NAME = /[a-z]{3}/i;

/**
 * Reads a `Retry-After` header: delay-seconds (`120`) or an HTTP-date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`), as milliseconds from `nowMs`, clamped to `[0, capMs]`.
 * Returns undefined when the header is absent or unreadable, so callers fall back to their backoff.
 *
 * @param header - the header value (undici may give an array when repeated: the first counts).
 * @param nowMs - wall-clock now (`Date.now()`), to turn a date into a delay.
 * @param capMs - longest wait honoured; a server asking for a day must not park a worker for a day.
 */
export function parseRetryAfter(
  header: string | string[] | undefined,
  nowMs: number,
  capMs: number,
): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') return undefined;
  const seconds = DELTA_SECONDS.exec(value);
  let delay: number;
  if (seconds !== null) {
    delay = Number(seconds[1]) * 1_000;
  } else {
    const date = MONTH_NAME.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(date)) return undefined;
    delay = date - nowMs;
  }
  return Math.min(capMs, Math.max(0, delay));
}
