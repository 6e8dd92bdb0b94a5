import type { AddressInfo } from 'node:net';
import type { Runtime } from '@ballast/core';
import type { OutboxRelay } from '@ballast/store';
import type { SafeLogger } from '@ballast/safe-log';
import type { Container } from 'inversify';
import type { ApiKeyRegistry } from '../auth/ApiKeyRegistry.js';
import type { NotesConfig } from '../config/NotesConfig.js';
import type { BallastServer } from '@ballast/fastify';
import { createNotesServer } from '../http/createNotesServer.js';
import type { NotesService } from '../services/NotesService.js';
import type { NotesData } from './openNotesData.js';

/** The parts {@link createNotesApp} wires together. */
export interface NotesAppParts {
  readonly config: NotesConfig;
  readonly container: Container;
  readonly runtime: Runtime;
  readonly logger: SafeLogger;
  readonly data: NotesData;
  readonly relay: OutboxRelay;
  readonly keys: ApiKeyRegistry;
  readonly notes: NotesService;
}

/**
 * A notes service: HTTP server, woven services, stores, relay and log. Create it with
 * {@link createNotesApp}; `start()` listens, `stop()` releases everything (idempotent).
 */
export class NotesApp {
  readonly config: NotesConfig;
  /** The inversify container the services are resolved from. */
  readonly container: Container;
  readonly runtime: Runtime;
  readonly data: NotesData;
  readonly relay: OutboxRelay;
  readonly keys: ApiKeyRegistry;
  /** The woven notes service (the layer behind the HTTP API). */
  readonly notes: NotesService;
  readonly #logger: SafeLogger;
  #server: BallastServer | undefined;
  #address: AddressInfo | undefined;
  #stopping: Promise<void> | undefined;

  /** @internal use {@link createNotesApp}. */
  constructor(parts: NotesAppParts) {
    this.config = parts.config;
    this.container = parts.container;
    this.runtime = parts.runtime;
    this.data = parts.data;
    this.relay = parts.relay;
    this.keys = parts.keys;
    this.notes = parts.notes;
    this.#logger = parts.logger;
  }

  /** Base URL once started, e.g. `http://127.0.0.1:8787`. */
  get url(): string {
    if (this.#address === undefined)
      throw new Error('The notes app is not listening; call start() first.');
    const host =
      this.#address.family === 'IPv6' ? `[${this.#address.address}]` : this.#address.address;
    return `http://${host}:${this.#address.port}`;
  }

  /** Listens on the configured host and port and starts the relay to the aggregate (once). */
  async start(): Promise<AddressInfo> {
    if (this.#address !== undefined) return this.#address;
    const { config, runtime, notes, keys } = this;
    this.#server = await createNotesServer({ config, runtime, notes, keys, logger: this.#logger });
    await this.#server.listen({ port: config.port, host: config.host });
    this.#address = this.#server.server.address() as AddressInfo;
    void this.relay
      .start()
      .catch((error: unknown) => this.#logger.log('error', 'notes relay stopped', { error }));
    this.#logger.log('info', 'notes listening', { url: this.url, dataDir: this.config.dataDir });
    return this.#address;
  }

  /**
   * Stops the server (requests in flight finish), the relay and every timer, closes the
   * databases and flushes the log. Safe to call more than once.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    await this.#server?.close();
    this.relay.stop();
    await this.#logger.flush(2_000);
    await this.container.unbindAll();
    // Disposing clears the timers and closes the log, the flag watcher and the stores (they
    // registered on it). unbindAll alone does not: inversify runs a binding's deactivation
    // only for a value that was resolved, and nothing resolves the runtime's binding.
    this.runtime.dispose();
    this.data.aggregate.close();
  }
}
