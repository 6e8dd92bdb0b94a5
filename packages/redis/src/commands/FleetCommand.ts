/** A command for every instance of the fleet (or one), as given to {@link CommandBus.publish}. */
export interface FleetCommand {
  /** Which applier handles it: `breaker`, `flag`, `runbook.step` or your own. */
  readonly kind: string;
  /** JSON-safe arguments the applier reads. */
  readonly payload: Readonly<Record<string, unknown>>;
  /**
   * When set, the command is also the fleet's state under this key (the last one wins), kept in
   * Redis so an instance that starts or reconnects later applies it too. One-shot commands
   * (a runbook step) leave it out and reach only the instances connected when they are sent.
   */
  readonly stateKey?: string;
  /** Instance id that alone applies it; every instance when absent. */
  readonly target?: string;
}

/** A command as delivered: numbered in the fleet's order, with who issued it and when. */
export interface IssuedCommand extends FleetCommand {
  /** Unique id (the issuer skips its own command when it comes back). */
  readonly id: string;
  /** Position in the fleet's order (0 while only applied locally). */
  readonly rev: number;
  readonly issuedBy: string;
  /** Epoch ms on the issuer's clock. */
  readonly issuedAt: number;
}

/** Applies one kind of command on this instance; a throw is counted, never spread. */
export type CommandApplier = (command: IssuedCommand) => void;
