import { type DurableOpenTelemetryTracing, durableOpenTelemetry } from './middleware.js';
import type { DurableOpenTelemetryOptions } from './options.js';

export {
  DurablePowertoolsPlugin,
  executionModeDurablePowertools,
} from '@durable-powertools/commons';
export { durableOpenTelemetryHandler } from './decorator.js';
export {
  DurableIdGeneratorMissingError,
  DurableOpenTelemetryAlreadyActiveError,
  DurableOpenTelemetryError,
  DurableOpenTelemetryOptionError,
  DurableRootSpanDroppedError,
  InvalidSampleRatioError,
} from './errors.js';
export {
  executionRootSpanId,
  executionTraceId,
  isExecutionSampled,
  type TraceIdFormat,
} from './ids/derive.js';
export {
  DurableIdGenerator,
  type DurableIdGeneratorOptions,
  type TraceIdGenerator,
} from './ids/generator.js';
export { type DurableOpenTelemetryTracing, durableOpenTelemetry } from './middleware.js';
export type { DurableOpenTelemetryOptions } from './options.js';
export { currentTraceContext, DURABLE_SPAN_ATTRIBUTES, type DurableTraceContext } from './state.js';
export { withDurableOpenTelemetry } from './wrapper.js';

/** @deprecated Use `durableOpenTelemetry(options)`; `new DurableOpenTelemetry(options)` calls it. */
export const DurableOpenTelemetry = durableOpenTelemetry as unknown as new (
  options?: DurableOpenTelemetryOptions,
) => DurableOpenTelemetryTracing;
/** @deprecated Use {@link DurableOpenTelemetryTracing}. */
export type DurableOpenTelemetry = DurableOpenTelemetryTracing;
