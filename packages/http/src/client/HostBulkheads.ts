import { type AspectUse, protect, type Runtime } from '@ballast/core';
import type { HttpResponse } from './HttpResponse.js';
import type { PreparedRequest } from '../transport/PreparedRequest.js';

type Send = (request: PreparedRequest) => Promise<HttpResponse>;

/** Hosts whose bulkhead chain is kept; the oldest is dropped past it (its slots live on by name). */
const MAX_HOSTS = 1_000;

/**
 * One bulkhead per host, innermost in the chain as the fixed order wants. Bulkheads share slots
 * by name, so each host gets `protect(send, [bulkhead({ name: 'client@host' })])`, built on the
 * first request to that host and reused after.
 */
export class HostBulkheads {
  readonly #chains = new Map<string, Send>();
  readonly #send: Send;
  readonly #name: string;
  readonly #runtime: Runtime;
  readonly #use: (name: string) => AspectUse;

  constructor(send: Send, name: string, runtime: Runtime, use: (name: string) => AspectUse) {
    this.#send = send;
    this.#name = name;
    this.#runtime = runtime;
    this.#use = use;
  }

  /** Sends through the bulkhead of `request.host`. */
  readonly send: Send = (request) => {
    let chain = this.#chains.get(request.host);
    if (chain === undefined) chain = this.#create(request.host);
    return chain(request);
  };

  #create(host: string): Send {
    if (this.#chains.size >= MAX_HOSTS) this.#chains.delete(this.#chains.keys().next().value!);
    const name = `${this.#name}@${host}`;
    const chain = protect(this.#send, [this.#use(name)], { runtime: this.#runtime, name });
    this.#chains.set(host, chain);
    return chain;
  }
}
