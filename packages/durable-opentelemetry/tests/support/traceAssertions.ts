import type { LogRecord } from '@durable-powertools/testing';
import { expect } from 'vitest';
import type { ReceivedSpan } from './otlpReceiver.js';

/** Attribute keys as the OpenTelemetry wire format carries them (the test's own copy). */
export const KEYS = {
  arn: 'durable.execution.arn',
  executionStatus: 'durable.execution.status',
  index: 'durable.invocation.index',
  first: 'durable.invocation.first',
  status: 'durable.invocation.status',
  coldStart: 'faas.coldstart',
  operationId: 'durable.operation.id',
  type: 'durable.operation.type',
  subType: 'durable.operation.subtype',
  attempt: 'durable.operation.attempt',
  outcome: 'durable.operation.outcome',
  suspended: 'durable.suspended',
} as const;

/** One execution's trace as received: its spans, root and invocation spans (by index). */
export interface ExecutionTrace {
  readonly traceId: string;
  readonly spans: readonly ReceivedSpan[];
  readonly roots: readonly ReceivedSpan[];
  readonly invocations: readonly ReceivedSpan[];
  /** Spans that are neither the root nor an invocation span. */
  readonly operations: readonly ReceivedSpan[];
}

/** Every span received for the execution `executionArn`, found by its invocation spans' attribute. */
export const traceOf = (spans: readonly ReceivedSpan[], executionArn: string): ExecutionTrace => {
  const tagged = spans.filter((span) => span.attributes[KEYS.arn] === executionArn);
  const traceIds = [...new Set(tagged.map((span) => span.traceId))];
  expect(traceIds, `one trace id for execution ${executionArn}`).toHaveLength(1);
  const traceId = traceIds[0] as string;
  const inTrace = spans.filter((span) => span.traceId === traceId);
  return {
    traceId,
    spans: inTrace,
    roots: inTrace.filter((span) => span.parentSpanId === undefined),
    invocations: inTrace
      .filter((span) => span.attributes[KEYS.index] !== undefined)
      .sort((a, b) => Number(a.attributes[KEYS.index]) - Number(b.attributes[KEYS.index])),
    operations: inTrace.filter(
      (span) => span.parentSpanId !== undefined && span.attributes[KEYS.index] === undefined,
    ),
  };
};

/**
 * The structure every complete execution trace must have: exactly one root (exported once), unique
 * span ids, every parent id resolving to a span of the same trace, no span ending before it starts.
 */
export const expectCompleteTrace = (trace: ExecutionTrace): ReceivedSpan => {
  expect(trace.roots).toHaveLength(1);
  const ids = trace.spans.map((span) => span.spanId);
  expect(new Set(ids).size).toBe(ids.length);
  for (const span of trace.spans) {
    if (span.parentSpanId !== undefined)
      expect(ids, `parent of ${span.name}`).toContain(span.parentSpanId);
    expect(span.end).toBeGreaterThanOrEqual(span.start);
  }
  return trace.roots[0] as ReceivedSpan;
};

/** The span under `parent` named `name` (exactly one). */
export const childNamed = (
  trace: ExecutionTrace,
  parent: ReceivedSpan | undefined,
  name: string,
): ReceivedSpan => {
  const found = trace.spans.filter(
    (span) => span.parentSpanId === parent?.spanId && span.name === name,
  );
  expect(found, `one "${name}" under ${parent?.name}`).toHaveLength(1);
  return found[0] as ReceivedSpan;
};

/** `[name, parent name]` of every operation span, sorted: the shape of the trace below invocations. */
export const operationShape = (trace: ExecutionTrace): string[][] => {
  const byId = new Map(trace.spans.map((span) => [span.spanId, span]));
  return trace.operations
    .map((span) => {
      const parent = byId.get(span.parentSpanId ?? '');
      return [span.name, parent?.name ?? '?'];
    })
    .sort((a, b) => a.join('/').localeCompare(b.join('/')));
};

/** The execution ARN the SDK's logger wrote on the run's records (each workflow here logs). */
export const executionArnOf = (result: { readonly records: readonly LogRecord[] }): string =>
  String(result.records.map((record) => record.execution_arn ?? record.executionArn).find(Boolean));

/**
 * `[name, parent name, status]` of every span of the trace, sorted: the root's parent is `-`, the
 * status is the execution's, the invocation's or the operation's outcome.
 */
export const spanShape = (trace: ExecutionTrace): string[][] => {
  const byId = new Map(trace.spans.map((span) => [span.spanId, span]));
  return trace.spans
    .map((span) => [
      span.name,
      byId.get(span.parentSpanId ?? '')?.name ?? '-',
      String(
        span.attributes[KEYS.executionStatus] ??
          span.attributes[KEYS.status] ??
          span.attributes[KEYS.outcome],
      ),
    ])
    .sort((a, b) => a.join('/').localeCompare(b.join('/')));
};
