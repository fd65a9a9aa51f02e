import { TraceFlags } from '@opentelemetry/api';
import { currentInvocation, currentOperation } from './lifecycle.js';

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
 * Trace id and span id of the durable operation running now, for log correlation: the innermost live
 * step attempt or child context, else the invocation. `undefined` outside an invocation that
 * {@link DurableOpenTelemetryPlugin} wraps.
 *
 * @example
 * ```ts
 * import { currentTraceContext } from '@durable-powertools/opentelemetry';
 *
 * await context.step('charge', async () => {
 *   const ids = currentTraceContext();
 *   logger.appendKeys({ trace_id: ids?.traceId, span_id: ids?.spanId });
 * });
 * ```
 */
export const currentTraceContext = (): DurableTraceContext | undefined => {
  const invocation = currentInvocation();
  if (invocation === undefined) return undefined;
  const { traceId, spanId, traceFlags } = invocation.spanContextFor(currentOperation());
  return { traceId, spanId, sampled: (traceFlags & TraceFlags.SAMPLED) !== 0 };
};
