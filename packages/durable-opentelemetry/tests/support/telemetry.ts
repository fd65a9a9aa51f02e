import { DurableIdGenerator } from '@durable-powertools/opentelemetry';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  BatchSpanProcessor,
  type IdGenerator,
  type Sampler,
  type Span,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { OtlpReceiver } from './otlpReceiver.js';

/**
 * Counts spans the SDK started and ended, per trace: a span that is started but never ended is never
 * exported, so the receiver alone cannot see it.
 */
export class OpenSpanCounter implements SpanProcessor {
  readonly #open = new Map<string, Span>();

  public onStart(span: Span): void {
    this.#open.set(span.spanContext().spanId, span);
  }

  public onEnd(span: { spanContext(): { spanId: string } }): void {
    this.#open.delete(span.spanContext().spanId);
  }

  /** Names of the spans started and not ended yet. */
  public openSpans(): string[] {
    return [...this.#open.values()].map((span) => span.name);
  }

  public async forceFlush(): Promise<void> {}
  public async shutdown(): Promise<void> {}
}

/** What a test traces with: the real SDK provider, a batching OTLP/HTTP exporter, a loopback receiver. */
export interface Telemetry {
  readonly receiver: OtlpReceiver;
  readonly provider: TracerProvider;
  readonly openSpans: OpenSpanCounter;
  stop(): Promise<void>;
}

/**
 * Sets up OpenTelemetry as a user would in a Lambda function: a global `TracerProvider` with a
 * `BatchSpanProcessor` (long delay: only the plugin's force-flush sends spans in time) and the
 * `OTLPTraceExporter`, the AsyncLocalStorage context manager, and `DurableIdGenerator`.
 */
export const startTelemetry = async (
  options: { idGenerator?: IdGenerator | null; sampler?: Sampler } = {},
): Promise<Telemetry> => {
  const receiver = await OtlpReceiver.start();
  const openSpans = new OpenSpanCounter();
  const idGenerator =
    options.idGenerator === null ? undefined : (options.idGenerator ?? new DurableIdGenerator());
  const provider = new TracerProvider({
    ...(idGenerator === undefined ? {} : { idGenerator }),
    ...(options.sampler === undefined ? {} : { sampler: options.sampler }),
    spanProcessors: [
      openSpans,
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: receiver.url }),
        scheduledDelayMillis: 60_000,
      }),
    ],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  return {
    receiver,
    provider,
    openSpans,
    stop: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      await receiver.stop();
    },
  };
};
