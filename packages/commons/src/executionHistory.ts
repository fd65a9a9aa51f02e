import type { DurableContext } from '@aws/durable-execution-sdk-js';

interface HistoryOperation {
  Type?: unknown;
  Status?: unknown;
  StepDetails?: { Attempt?: unknown; Error?: unknown };
}

interface HistoryInternals {
  _executionContext?: { _stepData?: Record<string, HistoryOperation> };
}

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'STOPPED']);

/**
 * Estimates how many Lambda invocations the execution has taken so far, from the checkpoint history
 * the SDK holds: the first invocation, plus one for every suspension the history records as resumed
 * (a finished wait, callback or chained invoke, and every retry of a step after a failed attempt).
 *
 * It is an estimate, and says so: the history has no invocation counter. It is exact for a workflow
 * that suspends on one thing at a time; it counts concurrent suspensions that resume together (two
 * waits in parallel branches) once each; it cannot see Lambda's own retries of an invocation, nor
 * suspensions inside child contexts whose operations the service pruned from the history once the
 * child finished. Knowing the count exactly needs an extra checkpoint per invocation.
 *
 * @returns the estimate, or `undefined` if the SDK no longer exposes the history
 *
 * @example
 * ```ts
 * const invocations = estimateInvocationCount(context); // 3 after step → wait → step → wait → step
 * ```
 */
export const estimateInvocationCount = (context: DurableContext): number | undefined => {
  const stepData = (context as HistoryInternals)._executionContext?._stepData;
  if (stepData === undefined) return undefined;
  let resumptions = 0;
  for (const operation of Object.values(stepData)) {
    const type = operation.Type;
    const status = typeof operation.Status === 'string' ? operation.Status : '';
    if (type === 'WAIT' || type === 'CALLBACK' || type === 'CHAINED_INVOKE') {
      if (TERMINAL.has(status)) resumptions++;
    } else if (type === 'STEP') {
      resumptions += retriesOf(operation, status);
    }
  }
  return 1 + resumptions;
};

/** Retries a step has been through: each one waited for its retry delay in a suspended invocation. */
const retriesOf = (operation: HistoryOperation, status: string): number => {
  const attempt = operation.StepDetails?.Attempt;
  if (typeof attempt !== 'number' || attempt < 1) return 0;
  // `Attempt` counts the attempts that finished before the current one; a step that is done
  // has finished `Attempt` attempts, the last of which was not followed by a retry.
  return TERMINAL.has(status) ? Math.max(0, attempt - 1) : attempt;
};
