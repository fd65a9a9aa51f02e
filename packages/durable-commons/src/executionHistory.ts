import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { currentInvocation } from './lifecycle/api.js';
import {
  estimateInvocationCountFromOperations,
  type OperationHistoryEntry,
} from './operationHistory.js';
import { readStepData, type SdkHistoryOperation } from './sdkInternals.js';

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
  const invocation = currentInvocation();
  if (invocation?.executionArn === context.executionContext.durableExecutionArn)
    return invocation.index;
  const stepData = readStepData(context);
  if (stepData === undefined) return undefined;
  return estimateInvocationCountFromOperations(Object.values(stepData).map(toHistoryEntry));
};

const toHistoryEntry = (operation: SdkHistoryOperation): OperationHistoryEntry => ({
  type: typeof operation.Type === 'string' ? operation.Type : undefined,
  status: typeof operation.Status === 'string' ? operation.Status : undefined,
  attempt:
    typeof operation.StepDetails?.Attempt === 'number' ? operation.StepDetails.Attempt : undefined,
});
