/**
 * What {@link estimateInvocationCountFromOperations} reads of one operation in the checkpoint history.
 *
 * @example
 * ```ts
 * const entry: OperationHistoryEntry = { type: 'WAIT', status: 'SUCCEEDED' };
 * estimateInvocationCountFromOperations([entry]); // 2
 * ```
 */
export interface OperationHistoryEntry {
  /** Operation type as checkpointed: `STEP`, `WAIT`, `CALLBACK`, `CHAINED_INVOKE`, `CONTEXT`, … */
  readonly type?: string;
  /** Operation status as checkpointed: `STARTED`, `PENDING`, `READY`, `SUCCEEDED`, `FAILED`, … */
  readonly status?: string;
  /** For steps: how many attempts finished before the current one (`StepDetails.Attempt`). */
  readonly attempt?: number;
}

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'STOPPED']);
const RESUMABLE = new Set(['WAIT', 'CALLBACK', 'CHAINED_INVOKE']);

/**
 * Estimates which invocation of its execution is starting (1-based), from the operations an
 * instrumentation plugin is handed (`InvocationInfo.operations` of `wrapInvocation` /
 * `onInvocationStart`), which have no durable context to read the history from.
 *
 * Same rule as `estimateInvocationCount(context)`: the first invocation, plus one for every
 * suspension the history records as resumed (a finished wait, callback or chained invoke, and every
 * retry of a step after a failed attempt). Exact for a workflow that suspends on one thing at a
 * time; it cannot see Lambda's own retries of an invocation, nor suspensions that resumed together.
 *
 * @example
 * ```ts
 * wrapInvocation(info, fn) {
 *   const invocation = estimateInvocationCountFromOperations(Object.values(info.operations));
 *   return fn(); // invocation is 2 after step → wait(1 s)
 * }
 * ```
 */
export const estimateInvocationCountFromOperations = (
  operations: Iterable<OperationHistoryEntry>,
): number => {
  let resumptions = 0;
  for (const { type = '', status = '', attempt } of operations) {
    if (RESUMABLE.has(type)) {
      if (TERMINAL.has(status)) resumptions++;
    } else if (type === 'STEP' && typeof attempt === 'number' && attempt >= 1) {
      // A step that is done has finished `attempt` attempts, the last one not followed by a retry.
      resumptions += TERMINAL.has(status) ? attempt - 1 : attempt;
    }
  }
  return 1 + resumptions;
};
