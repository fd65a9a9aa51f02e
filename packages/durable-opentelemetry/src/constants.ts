/**
 * Attribute keys this package writes on its spans. `faas.*` keys follow the OpenTelemetry semantic
 * conventions; the `durable.*` keys are this package's own.
 *
 * @example
 * ```ts
 * import { DURABLE_SPAN_ATTRIBUTES } from '@durable-powertools/opentelemetry';
 *
 * const query = `{ span.${DURABLE_SPAN_ATTRIBUTES.executionArn} = "${executionArn}" }`;
 * ```
 */
export const DURABLE_SPAN_ATTRIBUTES = {
  /** ARN of the durable execution, on the root and every invocation span. */
  executionArn: 'durable.execution.arn',
  /** How the execution ended (`SUCCEEDED` or `FAILED`), on the root span. */
  executionStatus: 'durable.execution.status',
  /** Invocations the execution took (estimated from the checkpoint history), on the root span. */
  executionInvocations: 'durable.execution.invocations',
  /** 1-based number of the invocation within its execution (estimated from the checkpoint history). */
  invocationIndex: 'durable.invocation.index',
  /** `true` on the invocation that started the execution, `false` on every replaying one. */
  firstInvocation: 'durable.invocation.first',
  /** How the invocation ended: `PENDING` (suspended), `SUCCEEDED`, `FAILED` or `RETRYING`. */
  invocationStatus: 'durable.invocation.status',
  /** First invocation in this execution environment. */
  coldStart: 'faas.coldstart',
  /** Lambda request id of the invocation. */
  invocationId: 'faas.invocation_id',
  /** Id of the durable operation (as the SDK's plugin API reports it). */
  operationId: 'durable.operation.id',
  /** Name given to the operation, if any. */
  operationName: 'durable.operation.name',
  /** `STEP`, `WAIT`, `CALLBACK`, `CHAINED_INVOKE` or `CONTEXT`. */
  operationType: 'durable.operation.type',
  /** `Step`, `Wait`, `RunInChildContext`, `Map`, `MapIteration`, `Parallel`, `ParallelBranch`, … */
  operationSubType: 'durable.operation.subtype',
  /** 1-based attempt number of a step attempt (or wait-for-condition check). */
  attempt: 'durable.operation.attempt',
  /** `SUCCEEDED` or `FAILED` for an attempt; the operation's status for a wait, callback or invoke. */
  outcome: 'durable.operation.outcome',
  /** `true` on a span the invocation ended because the execution suspended while it was open. */
  suspended: 'durable.suspended',
} as const;

/** Instrumentation scope name of every span this package starts. */
export const INSTRUMENTATION_SCOPE = '@durable-powertools/opentelemetry';
/** Instrumentation scope version. */
export const INSTRUMENTATION_VERSION = '0.1.0';
/** Environment variable read when `sampleRatio` is not given (the plugin the SDK loads by name). */
export const SAMPLE_RATIO_ENV = 'DURABLE_TRACE_SAMPLE_RATIO';
