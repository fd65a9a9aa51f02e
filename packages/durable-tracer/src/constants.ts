/**
 * Annotation keys the durable tracer writes on every invocation's handler subsegment. Annotations
 * (not metadata) so that X-Ray can filter on them, e.g.
 * `annotation.execution_arn = "arn:aws:lambda:…/durable-execution/orders/42"`.
 *
 * @example
 * ```ts
 * import { DURABLE_ANNOTATIONS } from '@durable-powertools/tracer';
 *
 * const filter = `annotation.${DURABLE_ANNOTATIONS.executionArn} = "${executionArn}"`;
 * ```
 */
export const DURABLE_ANNOTATIONS = {
  /** ARN of the durable execution: the same on every invocation of one execution. */
  executionArn: 'execution_arn',
  /** 1-based number of this invocation within its execution (estimated from the checkpoint history). */
  invocation: 'durable_invocation',
  /** `true` on the invocation that started the execution, `false` on every replaying one. */
  firstInvocation: 'first_invocation',
  /** How the invocation ended: `PENDING` (suspended), `SUCCEEDED`, `FAILED` or `RETRYING`. */
  invocationStatus: 'invocation_status',
  /** Id of the durable operation an attempt subsegment belongs to. */
  operationId: 'operation_id',
  /** 1-based attempt number of a step (or wait-for-condition check) attempt subsegment. */
  attempt: 'attempt',
} as const;
