import { randomSpanId, randomTraceId } from './ids.js';
import { takePinnedSpanId, takePinnedTraceId } from './pinnedIds.js';

/**
 * The OpenTelemetry SDK's `IdGenerator` contract (`@opentelemetry/sdk-trace`, `-base`, `-node`),
 * declared here so that this package does not depend on one SDK line.
 *
 * @example
 * ```ts
 * const fallback: TraceIdGenerator = new AWSXRayIdGenerator();
 * ```
 */
export interface TraceIdGenerator {
  generateTraceId(): string;
  generateSpanId(): string;
}

/**
 * Options of {@link DurableIdGenerator}.
 *
 * @example
 * ```ts
 * import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
 *
 * const options: DurableIdGeneratorOptions = { fallback: new AWSXRayIdGenerator() };
 * ```
 */
export interface DurableIdGeneratorOptions {
  /**
   * Generates the ids of every span that is not a durable execution's root span.
   * @default random ids (16 random bytes for a trace id, 8 for a span id)
   */
  readonly fallback?: TraceIdGenerator;
}

/**
 * Id generator for the OpenTelemetry tracer provider: lets {@link DurableOpenTelemetry} give a
 * durable execution's root span the trace id and span id that every invocation, days earlier, already
 * named as its parent. Every other span gets its ids from `fallback`.
 *
 * @example
 * ```ts
 * import { trace } from '@opentelemetry/api';
 * import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
 * import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
 * import { DurableIdGenerator } from '@durable-powertools/opentelemetry';
 *
 * trace.setGlobalTracerProvider(
 *   new TracerProvider({
 *     idGenerator: new DurableIdGenerator(),
 *     spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
 *   }),
 * );
 * ```
 */
export class DurableIdGenerator implements TraceIdGenerator {
  readonly #fallback: TraceIdGenerator | undefined;

  public constructor(options: DurableIdGeneratorOptions = {}) {
    this.#fallback = options.fallback;
  }

  public generateTraceId(): string {
    return takePinnedTraceId() ?? this.#fallback?.generateTraceId() ?? randomTraceId();
  }

  public generateSpanId(): string {
    return takePinnedSpanId() ?? this.#fallback?.generateSpanId() ?? randomSpanId();
  }
}
