/**
 * What `@ballast/opentelemetry` costs the overhead suite's stack (Retry + CircuitBreaker +
 * Timeout 2 s, defaults otherwise), in two groups measured after the suite's own. Every case
 * weaves a class of its own on a runtime of its own: one class woven on several runtimes would
 * make its wrapper's call site polymorphic and slow every case of it down.
 * - Installed, no provider: the stack on a runtime instrumented with the global providers while
 *   no SDK is registered, side by side with the same stack on a runtime never instrumented and
 *   with the suite's floor (the rejectable forwarding as a woven method's only advice).
 *   `otel_installed_ratio` is the first over the second (1.0: the package costs nothing until a
 *   provider exists); `otel_ratio_vs_floor` and `otel_base_ratio_vs_floor` are the suite's
 *   `ratio_vs_floor` for each of them, to agree within 5 %.
 * - Traced: the stack traced by a real SDK tracer provider (BatchSpanProcessor into an exporter
 *   that discards), over the same instrumented stack with no provider: `otel_ratio`, and
 *   `otel_ns` per traced call. Measured with the SDK's AsyncLocalStorage context manager, as
 *   NodeSDK installs it; on Node 20 it turns on promise hooks for the rest of the process (both
 *   sides slow down), so this group runs last.
 */
import { type AspectDecorator, createRuntime, type Runtime, weave } from '@ballast/core';
import { instrumentRuntime } from '@ballast/opentelemetry';
import { CircuitBreaker, Retry, Timeout } from '@ballast/resilience';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { compare, round } from './measure.js';

interface Adder {
  add(a: number, b: number): Promise<number>;
}

/** A new class whose `add` carries `decorate()`'s aspects (the suite's floor), woven on `runtime`. */
function wovenFloor(decorate: () => AspectDecorator, runtime: Runtime): Adder {
  class Floor {
    @decorate()
    async add(a: number, b: number): Promise<number> {
      return a + b;
    }
  }
  return weave(new Floor(), runtime);
}

/** A new class with the suite's stack, woven on `runtime`. */
function wovenStack(runtime: Runtime): Adder {
  class Stack {
    @Retry()
    @CircuitBreaker()
    @Timeout(2_000)
    async add(a: number, b: number): Promise<number> {
      return a + b;
    }
  }
  return weave(new Stack(), runtime);
}

/** An exporter that drops every span: what is measured is the instrumentation and the SDK. */
const discarding: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: () => Promise.resolve(),
};

/** @param floor - the suite's floor decorator (its only advice forwards to a rejectable promise). */
export async function openTelemetryCost(
  floor: () => AspectDecorator,
): Promise<Record<string, number>> {
  const plain = createRuntime();
  const idle = createRuntime();
  instrumentRuntime(idle);
  const traced = createRuntime();
  const provider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(discarding)],
  });
  instrumentRuntime(traced, { tracerProvider: provider });
  const floorAdder = wovenFloor(floor, plain);
  const without = wovenStack(plain);
  const installed = wovenStack(idle);
  const noProvider = wovenStack(idle);
  const tracedAdder = wovenStack(traced);
  try {
    const idleCost = await compare({
      floor: () => floorAdder.add(1, 2),
      without: () => without.add(1, 2),
      installed: () => installed.add(1, 2),
    });
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const tracing = await compare({
      no_provider: () => noProvider.add(1, 2),
      traced: () => tracedAdder.add(1, 2),
    });
    return {
      otel_installed_ratio: round(idleCost.installed! / idleCost.without!, 3),
      otel_ratio_vs_floor: round(idleCost.installed! / idleCost.floor!, 3),
      otel_base_ratio_vs_floor: round(idleCost.without! / idleCost.floor!, 3),
      otel_ratio: round(tracing.traced! / tracing.no_provider!, 3),
      otel_ns: round(tracing.traced!),
    };
  } finally {
    for (const runtime of [plain, idle, traced]) runtime.dispose();
    await provider.shutdown();
    context.disable();
  }
}
