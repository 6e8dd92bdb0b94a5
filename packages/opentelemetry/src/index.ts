export {
  instrumentRuntime,
  INSTRUMENTATION_SCOPE,
  type RuntimeInstrumentation,
} from './instrumentRuntime.js';
export type { InstrumentRuntimeOptions } from './InstrumentRuntimeOptions.js';
export { traceLogContext } from './logs/traceLogContext.js';
export {
  BALLAST_INSTRUMENTS,
  type InstrumentKind,
  type InstrumentSpec,
} from './metrics/BALLAST_INSTRUMENTS.js';
export { BALLAST_SPAN_ATTRIBUTES, BALLAST_SPAN_EVENTS } from './tracing/spanNames.js';
export type { TracingMode } from './tracing/TracingInstrument.js';
