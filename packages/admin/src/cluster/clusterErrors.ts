import { BallastError, type BallastErrorOptions } from '@ballast/core';

/**
 * A rolling reload stopped: a new worker exited or did not become ready in time. The old worker
 * of that slot (and of every slot not reached yet) keeps serving; nothing was dropped.
 */
export class ClusterReloadError extends BallastError {
  override readonly name = 'ClusterReloadError';
  static override readonly code = 'BALLAST_ERR_CLUSTER_RELOAD';
  static override readonly kind = 'permanent';
  constructor(message: string, options?: BallastErrorOptions) {
    super(ClusterReloadError.code, message, options);
  }
}
