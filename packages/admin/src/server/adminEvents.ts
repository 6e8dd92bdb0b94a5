/** Payload of the `admin.action` runtime event: an operator changed something through the admin API. */
export interface AdminActionEvent {
  /** Who, as the request named them (`actor` field or `X-Ballast-Actor`). */
  readonly actor: string;
  /** What: `breaker.force-open`, `breaker.reset`, `flag.put`, `flag.enable`, `flag.disable`, `flag.delete`, … */
  readonly action: string;
  /** On what: a breaker name (with `:key` for one key) or a flag key. */
  readonly target: string;
  /** Client address of the request. */
  readonly client: string;
  /** Runtime clock, epoch ms. */
  readonly at: number;
}

declare module '@ballast/core' {
  interface BallastEvents {
    /** An operator acted through the admin API; log it for the audit trail. */
    'admin.action': AdminActionEvent;
  }
}
