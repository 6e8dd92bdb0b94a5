import {
  type AdviceTarget,
  type ChainAspect,
  type ChainInstrument,
  type Invocation,
  isThenable,
  type Next,
} from '@ballast/core';
import { type Context, context, type Span, SpanKind, trace } from '@opentelemetry/api';
import { CALL_TRACE, policiesOf } from './callEvents.js';
import { CallTrace } from './CallTrace.js';
import { BALLAST_SPAN_ATTRIBUTES } from './spanNames.js';
import type { TracerSource } from './TracerSource.js';

/** Where a call's story goes: a span of its own, or events on the caller's active span. */
export type TracingMode = 'spans' | 'events';

/** A chain being traced, with what is known of it at build time. */
interface TracedChain {
  readonly chain: Next;
  readonly target: AdviceTarget;
  /** The names its aspects report events under. */
  readonly policies: ReadonlySet<string>;
}

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

  instrument(chain: Next, target: AdviceTarget, aspects: readonly ChainAspect[]): Next {
    const traceCall = this.#mode === 'spans' ? this.#inOwnSpan : this.#onCallerSpan;
    const traced: TracedChain = { chain, target, policies: policiesOf(target, aspects) };
    return (invocation) =>
      this.#enabled && this.#source.active() ? traceCall(traced, invocation) : chain(invocation);
  }

  readonly #inOwnSpan = (traced: TracedChain, invocation: Invocation): unknown => {
    const { chain, target } = traced;
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
    return this.#run(traced, invocation, span, true, trace.setSpan(parent, span));
  };

  readonly #onCallerSpan = (traced: TracedChain, invocation: Invocation): unknown => {
    const parent = context.active();
    const span = trace.getSpan(parent);
    if (span === undefined || !span.isRecording()) return traced.chain(invocation);
    return this.#run(traced, invocation, span, false, parent);
  };

  #run(
    { chain, target, policies }: TracedChain,
    invocation: Invocation,
    span: Span,
    ownsSpan: boolean,
    parent: Context,
  ): unknown {
    this.#listen();
    const call = new CallTrace(span, ownsSpan, target, invocation, policies);
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
