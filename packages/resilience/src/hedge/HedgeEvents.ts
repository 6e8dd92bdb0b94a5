/** Payload of `hedge.fired` (and the `onHedge` hook): a hedged attempt was sent. */
export interface HedgeFiredEvent {
  readonly policy: string;
  /** Which hedge of the call, 1 for the first extra attempt. */
  readonly hedge: number;
  /** The delay that elapsed before it, ms. */
  readonly delayMs: number;
}

/** Payload of `hedge.won`: a hedged attempt, not the first one, answered the call. */
export interface HedgeWonEvent {
  readonly policy: string;
  /** Which hedge of the call won, 1 for the first extra attempt. */
  readonly hedge: number;
  /** Time from the call's start to the winning answer, ms. */
  readonly elapsedMs: number;
}

/** Payload of `hedge.budget-exhausted`: a hedge was not sent because the budget was spent. */
export interface HedgeBudgetExhaustedEvent {
  readonly policy: string;
}

declare module '@ballast/core' {
  interface BallastEvents {
    'hedge.fired': HedgeFiredEvent;
    'hedge.won': HedgeWonEvent;
    'hedge.budget-exhausted': HedgeBudgetExhaustedEvent;
  }
}
