import type { TracerProvider } from '@opentelemetry/api';
import type { TraceIdFormat } from '../ids.js';

/**
 * Options of {@link DurableOpenTelemetry}.
 *
 * @example
 * ```ts
 * import { DurableOpenTelemetry } from '@durable-powertools/opentelemetry';
 *
 * const tracing = new DurableOpenTelemetry({ sampleRatio: 0.25 });
 * ```
 */
export interface DurableOpenTelemetryOptions {
  /**
   * The tracer provider spans are started with and force-flushed before every invocation returns.
   * Read when each invocation starts, so a provider registered later is picked up.
   * @default the global provider (`trace.getTracerProvider()`)
   */
  readonly tracerProvider?: TracerProvider;
  /**
   * Share of executions to trace, from 0 to 1, decided once per execution from its ARN: every
   * invocation of a sampled execution is traced, none of an unsampled one. The provider's sampler must
   * follow the parent's decision (`ParentBasedSampler`, the SDK's default).
   * @default the `DURABLE_TRACE_SAMPLE_RATIO` environment variable, else 1
   */
  readonly sampleRatio?: number;
  /**
   * Layout of the execution's trace id. `xray`: the first 8 hex digits are the execution's start
   * time in epoch seconds, as AWS X-Ray requires; `w3c`: all 32 digits derived from the ARN.
   * @default 'xray'
   */
  readonly traceIdFormat?: TraceIdFormat;
  /**
   * Force-flush the provider (`forceFlush()`) before each invocation returns, so that no span waits
   * in a batch processor while Lambda freezes the environment.
   * @default true
   */
  readonly flush?: boolean;
}
