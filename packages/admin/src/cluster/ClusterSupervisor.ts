import cluster, { type Worker } from 'node:cluster';
import { ClusterReloadError } from './clusterErrors.js';
import type { ClusterSettings } from './ClusterOptions.js';
import { describeExit } from './describeExit.js';
import { restartDelay } from './restartDelay.js';
import type { WorkerInfo } from './WorkerInfo.js';

interface Slot {
  readonly index: number;
  worker: Worker | undefined;
  startedAt: number;
  /** Crashes in a row, for the backoff; reset when a worker was up `stableAfterMs`. */
  crashes: number;
  restarts: number;
  timer: NodeJS.Timeout | undefined;
  firstReady: () => void;
}

/**
 * Keeps N workers of one script alive on node:cluster: restarts a crashed worker after a
 * bounded exponential backoff, replaces workers one at a time on reload (the new one must be
 * ready before the old one is disconnected, so some worker always accepts connections), and
 * shuts down by disconnecting every worker (servers stop accepting, requests in flight finish)
 * with a kill after `shutdownTimeoutMs`.
 */
export class ClusterSupervisor {
  readonly #settings: ClusterSettings;
  readonly #slots: Slot[];
  readonly #ready = new WeakSet<Worker>();
  #reloading: Promise<void> | undefined;
  #stopped: Promise<void> | undefined;
  /** Resolves once every slot has had a ready worker. */
  readonly started: Promise<void>;
  /** Counts for the primary's own metrics. */
  readonly counts = { restarts: 0, reloads: 0, reloadFailures: 0 };

  constructor(settings: ClusterSettings) {
    this.#settings = settings;
    const firsts: Promise<void>[] = [];
    this.#slots = Array.from({ length: settings.workers }, (_, index) => {
      let firstReady!: () => void;
      firsts.push(new Promise<void>((resolve) => (firstReady = resolve)));
      return {
        index,
        worker: undefined,
        startedAt: 0,
        crashes: 0,
        restarts: 0,
        timer: undefined,
        firstReady,
      };
    });
    this.started = Promise.all(firsts).then(() => undefined);
  }

  /** Forks every worker. */
  start(): void {
    cluster.setupPrimary({
      exec: this.#settings.script,
      args: [...this.#settings.args],
      execArgv: [...this.#settings.execArgv],
    });
    for (const slot of this.#slots) this.#startSlot(slot);
  }

  /** True once `shutdown()` or `kill()` was called. */
  get stopping(): boolean {
    return this.#stopped !== undefined;
  }

  /** Every slot's current worker. */
  workers(): WorkerInfo[] {
    return this.#slots.map((slot) => ({
      slot: slot.index,
      pid: slot.worker?.process.pid,
      ready: slot.worker !== undefined && this.#ready.has(slot.worker),
      startedAt: slot.startedAt,
      restarts: slot.restarts,
    }));
  }

  /** Workers ready to serve now. */
  readyCount(): number {
    return this.#slots.filter((slot) => slot.worker !== undefined && this.#ready.has(slot.worker))
      .length;
  }

  /**
   * Replaces every worker, one at a time. A call while a reload runs joins it. Rejects with
   * `ClusterReloadError` when a new worker fails to become ready (the old one keeps serving).
   */
  reload(): Promise<void> {
    if (this.#stopped !== undefined)
      return Promise.reject(new ClusterReloadError('The cluster is shutting down; no reload.'));
    this.#reloading ??= this.#rollAll().finally(() => (this.#reloading = undefined));
    return this.#reloading;
  }

  /** Disconnects every worker and waits for them to exit (killing laggards). Idempotent. */
  shutdown(): Promise<void> {
    if (this.#stopped !== undefined) return this.#stopped;
    this.#settings.log('shutting down');
    for (const slot of this.#slots) clearTimeout(slot.timer);
    const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
    this.#stopped = Promise.all(workers.map((worker) => this.#stop(worker))).then(() =>
      this.#settings.log('stopped'),
    );
    return this.#stopped;
  }

  /** Kills every worker at once (a second SIGINT). */
  kill(): void {
    void this.shutdown();
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
  }

  async #rollAll(): Promise<void> {
    this.#settings.log(`reloading ${this.#slots.length} worker(s) one at a time`);
    for (const slot of this.#slots) {
      if (this.#stopped !== undefined)
        throw new ClusterReloadError('Reload stopped: the cluster is shutting down.');
      const next = this.#fork(slot);
      try {
        await this.#waitReady(next, slot.index);
      } catch (error) {
        next.process.kill('SIGKILL');
        this.counts.reloadFailures++;
        this.#settings.log(`reload stopped: ${(error as Error).message}`);
        throw error;
      }
      const previous = slot.worker;
      clearTimeout(slot.timer);
      Object.assign(slot, { worker: next, startedAt: Date.now(), crashes: 0, timer: undefined });
      slot.firstReady();
      if (previous !== undefined) await this.#stop(previous);
    }
    this.counts.reloads++;
    this.#settings.log('reload complete');
  }

  #startSlot(slot: Slot): void {
    slot.worker = this.#fork(slot);
    slot.startedAt = Date.now();
  }

  #fork(slot: Slot): Worker {
    const worker = cluster.fork({ ...this.#settings.env, BALLAST_WORKER_SLOT: String(slot.index) });
    const pid = worker.process.pid;
    this.#settings.log(`worker ${slot.index} started (pid ${pid})`);
    worker.on(this.#settings.readyOn, () => {
      if (this.#ready.has(worker)) return; // a second server in the same worker
      this.#ready.add(worker);
      this.#settings.log(`worker ${slot.index} ready (pid ${pid})`);
      if (slot.worker === worker) slot.firstReady();
    });
    // IPC errors (EPIPE while a worker exits) must never crash the primary.
    worker.on('error', () => undefined);
    worker.on('exit', (code: number | null, signal: string | null) =>
      this.#onExit(slot, worker, code, signal),
    );
    return worker;
  }

  #onExit(slot: Slot, worker: Worker, code: number | null, signal: string | null): void {
    this.#ready.delete(worker);
    // Replaced by a reload, a failed replacement, or a planned stop: nothing to restart.
    if (slot.worker !== worker || this.#stopped !== undefined) return;
    slot.worker = undefined;
    const { delayMs: delay, crashes } = restartDelay(
      this.#settings,
      slot.crashes,
      Date.now() - slot.startedAt,
    );
    slot.crashes = crashes;
    this.#settings.log(
      `worker ${slot.index} (pid ${worker.process.pid}) exited (${describeExit(code, signal)}); restarting in ${delay} ms`,
    );
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      if (this.#stopped !== undefined || slot.worker !== undefined) return;
      slot.restarts++;
      this.counts.restarts++;
      this.#startSlot(slot);
    }, delay);
  }

  #waitReady(worker: Worker, index: number): Promise<void> {
    const { readyTimeoutMs } = this.#settings;
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        worker.off(this.#settings.readyOn, onReady);
        worker.off('exit', onExit);
      };
      const onReady = (): void => {
        cleanup();
        resolve();
      };
      const onExit = (code: number | null, signal: string | null): void => {
        cleanup();
        reject(
          new ClusterReloadError(
            `the new worker ${index} exited (${describeExit(code, signal)}) before it was ready.`,
          ),
        );
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new ClusterReloadError(
            `the new worker ${index} was not ${this.#settings.readyOn} within ${readyTimeoutMs} ms.`,
          ),
        );
      }, readyTimeoutMs);
      worker.on(this.#settings.readyOn, onReady);
      worker.on('exit', onExit);
    });
  }

  #stop(worker: Worker): Promise<void> {
    if (worker.isDead()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => worker.process.kill('SIGKILL'),
        this.#settings.shutdownTimeoutMs,
      );
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      // Disconnecting closes the worker's servers: no new connections, requests in flight finish.
      if (worker.isConnected()) worker.disconnect();
      else worker.process.kill('SIGTERM');
    });
  }
}
