export { DurablePowertoolsPlugin } from '@durable-powertools/commons';
export { DURABLE_SPAN_ATTRIBUTES } from './constants.js';
export {
  DurableIdGenerator,
  type DurableIdGeneratorOptions,
  type TraceIdGenerator,
} from './DurableIdGenerator.js';
export { DurableOpenTelemetry } from './DurableOpenTelemetry.js';
export {
  DurableIdGeneratorMissingError,
  DurableOpenTelemetryAlreadyActiveError,
  DurableOpenTelemetryError,
  DurableRootSpanDroppedError,
  InvalidSampleRatioError,
} from './errors.js';
export {
  executionRootSpanId,
  executionTraceId,
  isExecutionSampled,
  type TraceIdFormat,
} from './ids.js';
export { currentTraceContext, type DurableTraceContext } from './traceContext.js';
export type * from './types/index.js';
