import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ChaosFaults } from './Fault.js';
import { FaultPlan } from './FaultPlan.js';
import { performFault } from './performFault.js';
import type { RecordedRequest } from './RecordedRequest.js';

interface Waiter {
  readonly count: number;
  readonly resolve: () => void;
}

const connectionIds = new WeakMap<Socket, number>();

/**
 * A loopback HTTP server that injects faults and records every request. Create it with
 * {@link startChaosServer}; always `await server.close()` (it destroys every socket, hung ones
 * included, and clears its timers, so tests end with no open handles).
 */
export class ChaosServer {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #requests: RecordedRequest[] = [];
  #waiters: Waiter[] = [];
  #plan: FaultPlan;
  #connections = 0;
  #closed: Promise<void> | undefined;

  /** @internal use {@link startChaosServer}. */
  constructor(faults: ChaosFaults) {
    this.#plan = new FaultPlan(faults);
    this.#server = createServer((req, res) => this.#handle(req, res));
    this.#server.on('connection', (socket) => this.#track(socket));
    // A malformed request or a client that vanished must not crash the test process.
    this.#server.on('clientError', (_error, socket) => socket.destroy());
  }

  /** `http://host:port` of the listening server. */
  get url(): string {
    const address = this.#server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  /** Every request received so far, in arrival order. */
  get requests(): readonly RecordedRequest[] {
    return this.#requests;
  }

  /** Connections accepted since start (keep-alive reuse keeps this low). */
  get connectionCount(): number {
    return this.#connections;
  }

  /** Connections open right now. */
  get openConnections(): number {
    return this.#sockets.size;
  }

  /** Replaces the faults from the next request on (sequences and the random source restart). */
  setFaults(faults: ChaosFaults): void {
    this.#plan = new FaultPlan(faults);
  }

  /** Forgets the recorded requests. */
  clearRequests(): void {
    this.#requests.length = 0;
  }

  /** Resolves once `count` requests have been received in total (e.g. a hung one has arrived). */
  waitForRequests(count: number): Promise<void> {
    if (this.#requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }

  /** Stops listening, destroys every socket and clears every timer. Idempotent. */
  close(): Promise<void> {
    this.#closed ??= new Promise((resolve) => {
      for (const timer of this.#timers) clearTimeout(timer);
      this.#timers.clear();
      this.#server.close(() => resolve());
      for (const socket of this.#sockets) socket.destroy();
    });
    return this.#closed;
  }

  /** @internal */
  listen(port: number, host: string): Promise<this> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve(this);
      });
    });
  }

  #track(socket: Socket): void {
    connectionIds.set(socket, ++this.#connections);
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => req.socket.destroy());
    req.on('end', () => {
      const base = {
        seq: this.#requests.length + 1,
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
        connection: connectionIds.get(req.socket) ?? 0,
        fault: 'respond',
      };
      const fault = this.#plan.next(base);
      this.#requests.push({ ...base, fault: fault.kind });
      this.#wake();
      performFault(fault, req, res, this.#timers);
    });
  }

  #wake(): void {
    const received = this.#requests.length;
    const due = this.#waiters.filter((waiter) => waiter.count <= received);
    if (due.length === 0) return;
    this.#waiters = this.#waiters.filter((waiter) => waiter.count > received);
    for (const waiter of due) waiter.resolve();
  }
}
