/** How a response status is treated. */
export type StatusClass = 'ok' | 'retryable' | 'gone' | 'permanent';

/**
 * 2xx ok; 408 Request Timeout, 425 Too Early, 429 Too Many Requests and 5xx retryable;
 * 410 gone; everything else (other 4xx, and 1xx/3xx since redirects are not followed) permanent.
 */
export function statusClass(status: number): StatusClass {
  if (status >= 200 && status < 300) return 'ok';
  if (status >= 500 || status === 408 || status === 425 || status === 429) return 'retryable';
  if (status === 410) return 'gone';
  return 'permanent';
}
