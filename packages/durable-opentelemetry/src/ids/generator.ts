import { randomSpanId, randomTraceId } from './derive.js';

/**
 * The OpenTelemetry SDK's `IdGenerator` contract (`@opentelemetry/sdk-trace`, `-base`, `-node`),
 * declared here so that this package does not depend on one SDK line.
 */
export interface TraceIdGenerator {
  generateTraceId(): string;
  generateSpanId(): string;
}

/** Options of {@link DurableIdGenerator}. */
export interface DurableIdGeneratorOptions {
  /**
   * Generates the ids of every span that is not a durable execution's root span.
   * @default random ids (16 random bytes for a trace id, 8 for a span id)
   */
  readonly fallback?: TraceIdGenerator;
}

/** The ids the next span the provider creates must get (see {@link withPinnedIds}). */
interface PinnedIds {
  traceId?: string | undefined;
  spanId?: string | undefined;
}

// On a registered symbol: the plugin the SDK loads from DURABLE_EXECUTION_PLUGINS and the generator
// the user gives the provider may come from two copies of this package (ESM and CJS, or bundled).
const SLOT = Symbol.for('@durable-powertools/opentelemetry.pinnedIds');
const registry = globalThis as { [SLOT]?: PinnedIds | undefined };

/**
 * Runs `start` (a synchronous `tracer.startSpan`) with `ids` pinned, and unpins them. OpenTelemetry's
 * API has no way to choose a span's ids; the SDK takes them from its `IdGenerator`, synchronously
 * inside `startSpan`, and {@link DurableIdGenerator} hands the pinned ones out, each once.
 */
export const withPinnedIds = <T>(ids: PinnedIds, start: () => T): T => {
  const previous = registry[SLOT];
  registry[SLOT] = { ...ids };
  try {
    return start();
  } finally {
    registry[SLOT] = previous;
  }
};

const take = (key: keyof PinnedIds): string | undefined => {
  const slot = registry[SLOT];
  const id = slot?.[key];
  if (slot !== undefined) slot[key] = undefined;
  return id;
};

/**
 * Id generator for the OpenTelemetry tracer provider: lets `durableOpenTelemetry()` give a durable
 * execution's root span the trace id and span id that every invocation, days earlier, already knew.
 * Every other span gets its ids from `fallback`.
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
    return take('traceId') ?? this.#fallback?.generateTraceId() ?? randomTraceId();
  }

  public generateSpanId(): string {
    return take('spanId') ?? this.#fallback?.generateSpanId() ?? randomSpanId();
  }
}
