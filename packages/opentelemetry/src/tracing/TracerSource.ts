import { ProxyTracerProvider, type Tracer, type TracerProvider } from '@opentelemetry/api';

/** The API's no-op provider: what a proxy delegates to until an SDK registers. */
const NOOP_PROVIDER = new ProxyTracerProvider().getDelegate();

/**
 * The instrumentation's tracer and the per-call question "is anything recording?". The
 * global provider is the API's proxy: until an SDK registers behind it, every span would be a
 * no-op, so a woven call skips tracing after one property read and one comparison (the
 * overhead benchmark's `ratio_vs_floor` holds). A provider given explicitly is always asked.
 */
export class TracerSource {
  readonly tracer: Tracer;
  readonly #proxy: ProxyTracerProvider | undefined;

  constructor(provider: TracerProvider, name: string, version: string) {
    this.tracer = provider.getTracer(name, version);
    this.#proxy = provider instanceof ProxyTracerProvider ? provider : undefined;
  }

  /** False while the global provider has no SDK behind it. */
  active(): boolean {
    return this.#proxy === undefined || this.#proxy.getDelegate() !== NOOP_PROVIDER;
  }
}
