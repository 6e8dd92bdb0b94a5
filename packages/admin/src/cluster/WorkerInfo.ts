/** One worker slot as `ClusterHandle.workers()` reports it. */
export interface WorkerInfo {
  /** Slot index (0-based); the worker sees it as `BALLAST_WORKER_SLOT`. */
  readonly slot: number;
  /** Process id of the slot's current worker; `undefined` while it waits to be restarted. */
  readonly pid: number | undefined;
  /** True once the worker is listening (or online, per `readyOn`). */
  readonly ready: boolean;
  /** Epoch ms the current worker was started. */
  readonly startedAt: number;
  /** Restarts of this slot after crashes, in total. */
  readonly restarts: number;
}
