import type { DurableOpenTelemetryOptions } from './options.js';
import { type DurableOpenTelemetryTracing, durableOpenTelemetry } from './subscriber.js';

export {
  DurablePowertoolsPlugin,
  executionModeDurablePowertools,
} from '@durable-powertools/commons';
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
export type { DurableOpenTelemetryOptions } from './options.js';
export { currentTraceContext, DURABLE_SPAN_ATTRIBUTES, type DurableTraceContext } from './state.js';
export { type DurableOpenTelemetryTracing, durableOpenTelemetry } from './subscriber.js';

/** @deprecated Use `durableOpenTelemetry(options)`; `new DurableOpenTelemetry(options)` calls it. */
export const DurableOpenTelemetry = function DurableOpenTelemetry(
  options?: DurableOpenTelemetryOptions,
) {
  return durableOpenTelemetry(options);
} as unknown as new (
  options?: DurableOpenTelemetryOptions,
) => DurableOpenTelemetryTracing;
/** @deprecated Use {@link DurableOpenTelemetryTracing}. */
export type DurableOpenTelemetry = DurableOpenTelemetryTracing;
