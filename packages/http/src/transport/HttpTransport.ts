import { type Clock, currentContext } from '@ballast/core';
import { Agent, type Dispatcher } from 'undici';
import { classifyFailure, type FailureLimits } from '../classify/classifyFailure.js';
import { errorForStatus } from '../classify/errorForStatus.js';
import { parseRetryAfter } from '../classify/parseRetryAfter.js';
import { statusClass } from '../classify/statusClass.js';
import { HttpResponse } from '../client/HttpResponse.js';
import { HttpTimeoutError } from '../errors/httpErrors.js';
import type { PreparedRequest } from './PreparedRequest.js';
import type { TransportSettings } from './TransportSettings.js';

/**
 * How long after a Timeout aspect's deadline undici's own timeouts end the request. The aspect
 * answers the caller at the deadline (with the error a retry expects); undici then frees the
 * connection without racing it.
 */
const ASPECT_GRACE_MS = 50;

function combineSignals(
  own: AbortSignal | undefined,
  fromContext: AbortSignal | undefined,
): AbortSignal | undefined {
  if (own === undefined) return fromContext;
  if (fromContext === undefined) return own;
  return AbortSignal.any([own, fromContext]);
}

/**
 * Sends one prepared request on a private undici Agent and classifies the outcome: a 2xx
 * resolves with its body read in full; anything else has its body dumped (so the connection
 * goes back to the pool) and rejects with a coded error. Never retries.
 */
export class HttpTransport {
  /** The private connection pool (never the global dispatcher). */
  readonly agent: Agent;
  readonly #settings: TransportSettings;
  readonly #clock: Clock;
  readonly #limits: FailureLimits;

  constructor(settings: TransportSettings, clock: Clock) {
    this.#settings = settings;
    this.#clock = clock;
    // Without a call context the Timeout aspect cannot reach the request, so no wait may outlast
    // an attempt by much; a hung attempt then frees its connection soon after it times out.
    const attemptCap =
      settings.attemptTimeoutMs === false ? Infinity : settings.attemptTimeoutMs + ASPECT_GRACE_MS;
    this.#limits = {
      ...settings,
      headersTimeoutMs: Math.min(settings.headersTimeoutMs, attemptCap),
      bodyTimeoutMs: Math.min(settings.bodyTimeoutMs, attemptCap),
      deadlineBound: false,
    };
    this.agent = new Agent({
      connect: { timeout: settings.connectTimeoutMs },
      headersTimeout: this.#limits.headersTimeoutMs,
      bodyTimeout: this.#limits.bodyTimeoutMs,
      connections: settings.connectionsPerOrigin,
      keepAliveTimeout: settings.keepAliveTimeoutMs,
      maxResponseSize: settings.maxResponseBytes,
    });
  }

  /** Sends `request`; resolves with a 2xx response, rejects with a classified error. */
  async send(request: PreparedRequest): Promise<HttpResponse> {
    let limits = this.#limits;
    let signal: AbortSignal | undefined = request.signal;
    const context = currentContext();
    if (context !== undefined) {
      const deadline = context.deadline;
      const cancellation = context.cancellation;
      // A lazy cancellation with a deadline (the Timeout aspect's) only aborts at that deadline:
      // shrunk timeouts end the request just after it instead, because reading its signal would
      // build an AbortController per attempt (~4 µs). A caller's AbortController is used as is.
      const aspectOwned =
        deadline !== undefined &&
        cancellation !== undefined &&
        !(cancellation instanceof AbortController);
      if (deadline !== undefined) {
        if (deadline <= this.#clock.now()) throw this.#deadlineSpent(request);
        limits = this.#limitsBefore(aspectOwned ? deadline + ASPECT_GRACE_MS : deadline);
      }
      if (cancellation !== undefined && !aspectOwned)
        signal = combineSignals(signal, cancellation.signal);
    }
    const options: Dispatcher.RequestOptions = {
      origin: request.origin,
      path: request.path,
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers ?? null,
      body: request.body ?? null,
      signal: signal ?? null,
      headersTimeout: limits.headersTimeoutMs,
      bodyTimeout: limits.bodyTimeoutMs,
    };
    let response: Dispatcher.ResponseData;
    try {
      response = await this.agent.request(options);
    } catch (error) {
      throw classifyFailure(error, request, limits, signal?.aborted === true);
    }
    const status = response.statusCode;
    const kind = statusClass(status);
    if (kind === 'ok') {
      try {
        return new HttpResponse(
          status,
          response.headers,
          Buffer.from(await response.body.arrayBuffer()),
        );
      } catch (error) {
        throw classifyFailure(error, request, limits, signal?.aborted === true);
      }
    }
    try {
      await response.body.dump();
    } catch {
      // The status already says what happened; a body that breaks while being discarded adds nothing.
    }
    const retryAfterMs = parseRetryAfter(
      response.headers['retry-after'],
      Date.now(),
      this.#settings.retryAfterCapMs,
    );
    throw errorForStatus(kind, {
      host: request.host,
      method: request.method,
      status,
      retryAfterMs,
    });
  }

  /** Closes idle connections and waits for requests in flight. */
  close(): Promise<void> {
    return this.agent.close();
  }

  /** The error for a call whose deadline passed before anything was sent: nothing to retry. */
  #deadlineSpent(request: PreparedRequest): HttpTimeoutError {
    return new HttpTimeoutError(
      'deadline',
      0,
      { host: request.host, method: request.method },
      false,
    );
  }

  /** Limits shrunk to the time left before `deadline`. */
  #limitsBefore(deadline: number): FailureLimits {
    const remaining = Math.max(1, Math.ceil(deadline - this.#clock.now()));
    if (remaining >= this.#limits.headersTimeoutMs && remaining >= this.#limits.bodyTimeoutMs)
      return this.#limits;
    return {
      ...this.#limits,
      headersTimeoutMs: Math.min(remaining, this.#limits.headersTimeoutMs),
      bodyTimeoutMs: Math.min(remaining, this.#limits.bodyTimeoutMs),
      deadlineBound: true,
    };
  }
}
