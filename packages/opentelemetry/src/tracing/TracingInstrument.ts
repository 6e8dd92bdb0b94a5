import {
  type AdviceTarget,
  type ChainInstrument,
  type Invocation,
  isThenable,
  type Next,
} from '@ballast/core';
import { type Context, context, type Span, SpanKind, trace } from '@opentelemetry/api';
import { CALL_TRACE } from './callEvents.js';
import { CallTrace } from './CallTrace.js';
import { BALLAST_SPAN_ATTRIBUTES } from './spanNames.js';
import type { TracerSource } from './TracerSource.js';

/** Where a call's story goes: a span of its own, or events on the caller's active span. */
export type TracingMode = 'spans' | 'events';

/**
 * Traces every woven call of a runtime (a {@link ChainInstrument}). Without a recording tracer
 * a call costs one check; with one, the chain runs in a context that carries the call's span
 * (the parent of spans the method starts) and its {@link CallTrace}, which the runtime events
 * fill while the call runs, and the span ends when the caller's promise settles.
 */
export class TracingInstrument implements ChainInstrument {
  readonly #source: TracerSource;
  readonly #mode: TracingMode;
  /** Starts listening to the runtime's events, on the first traced call. */
  readonly #listen: () => void;
  #enabled = true;

  constructor(source: TracerSource, mode: TracingMode, listen: () => void) {
    this.#source = source;
    this.#mode = mode;
    this.#listen = listen;
  }

  /** Turns tracing off for good; the wrapped chains then only pay the check. */
  disable(): void {
    this.#enabled = false;
  }

  instrument(chain: Next, target: AdviceTarget): Next {
    const traceCall = this.#mode === 'spans' ? this.#inOwnSpan : this.#onCallerSpan;
    return (invocation) =>
      this.#enabled && this.#source.active()
        ? traceCall(chain, target, invocation)
        : chain(invocation);
  }

  readonly #inOwnSpan = (chain: Next, target: AdviceTarget, invocation: Invocation): unknown => {
    const parent = context.active();
    const span = this.#source.tracer.startSpan(
      target.qualifiedName,
      {
        kind: SpanKind.INTERNAL,
        attributes: { [BALLAST_SPAN_ATTRIBUTES.codeFunctionName]: target.qualifiedName },
      },
      parent,
    );
    if (!span.isRecording()) return chain(invocation); // sampled out
    return this.#run(chain, invocation, span, true, target, trace.setSpan(parent, span));
  };

  readonly #onCallerSpan = (chain: Next, target: AdviceTarget, invocation: Invocation): unknown => {
    const parent = context.active();
    const span = trace.getSpan(parent);
    if (span === undefined || !span.isRecording()) return chain(invocation);
    return this.#run(chain, invocation, span, false, target, parent);
  };

  #run(
    chain: Next,
    invocation: Invocation,
    span: Span,
    ownsSpan: boolean,
    target: AdviceTarget,
    parent: Context,
  ): unknown {
    this.#listen();
    const call = new CallTrace(span, ownsSpan, target, invocation);
    let result: unknown;
    try {
      result = context.with(parent.setValue(CALL_TRACE, call), chain, undefined, invocation);
    } catch (error) {
      call.end(false, error);
      throw error;
    }
    if (!isThenable(result)) {
      call.end(true, result);
      return result;
    }
    // The caller keeps its own promise; this side reaction only ends the trace, and handles the
    // rejection so it adds no unhandled one (`end` never throws).
    result.then(
      (value) => call.end(true, value),
      (error: unknown) => call.end(false, error),
    );
    return result;
  }
}
