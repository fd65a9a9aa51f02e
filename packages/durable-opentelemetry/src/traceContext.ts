import { TraceFlags } from '@opentelemetry/api';
import { currentNode, currentTrace } from './lifecycle.js';

/**
 * The trace a log record written now belongs to.
 *
 * @example
 * ```ts
 * const ids: DurableTraceContext | undefined = currentTraceContext();
 * logger.info('charged', { trace_id: ids?.traceId, span_id: ids?.spanId });
 * ```
 */
export interface DurableTraceContext {
  /** The execution's trace id (the same in every invocation). */
  readonly traceId: string;
  /** The span of the operation running now (attempt or child context), else of the invocation. */
  readonly spanId: string;
  /** Whether the execution is sampled. */
  readonly sampled: boolean;
}

/**
 * Trace id and span id of the durable operation running now, for your own log correlation: the
 * innermost live step attempt or child context, else the invocation. `undefined` outside an
 * invocation that {@link DurableOpenTelemetry} traces. (The SDK's `context.logger` and the durable
 * logger add them to every record already.)
 *
 * @example
 * ```ts
 * import { currentTraceContext } from '@durable-powertools/opentelemetry';
 *
 * await context.step('charge', async () => {
 *   const ids = currentTraceContext();
 *   await fetch(url, { headers: { 'x-trace-id': ids?.traceId ?? '' } });
 * });
 * ```
 */
export const currentTraceContext = (): DurableTraceContext | undefined => {
  const invocationTrace = currentTrace();
  if (invocationTrace === undefined) return undefined;
  const { traceId, spanId, traceFlags } = invocationTrace.spanContextFor(
    currentNode(invocationTrace),
  );
  return { traceId, spanId, sampled: (traceFlags & TraceFlags.SAMPLED) !== 0 };
};
