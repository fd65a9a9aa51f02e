import type { OperationInfo } from '@aws/durable-execution-sdk-js';

/** What the invocation was told at its start about the checkpoint history. */
export interface HistoryAtStart {
  /** Every operation in the checkpoint history when the invocation started. */
  readonly operations: Readonly<Record<string, OperationInfo>>;
  /** Operations the service reported as updated since the previous invocation (`UpdatedOperationIds`). */
  readonly updatedCount: number;
}

/**
 * Whether this invocation is the first to see a wait, callback or chained invoke complete, so that it,
 * and no later one, emits the operation's span.
 *
 * The SDK says so with `isReplay: false`, from the `UpdatedOperationIds` of the invocation input. When
 * the input lists no updated operation at all (the SDK's local test runner 1.1.x never fills it in),
 * `isReplay` is `true` for every completion, and the checkpoint history decides instead: the
 * operation's context was blocked on it until it completed, so if no operation of the same context
 * started after it completed (after it started, when the end time is not recorded), no invocation
 * has run that context past it yet.
 */
export const isFirstObservation = (info: OperationInfo, history: HistoryAtStart): boolean => {
  if (!info.isReplay) return true;
  if (history.updatedCount > 0) return false;
  const since = toMillis(info.endTimestamp) ?? toMillis(info.startTimestamp);
  if (since === undefined) return false;
  for (const operation of Object.values(history.operations)) {
    if (operation.id === info.id || operation.parentId !== info.parentId) continue;
    if (operation.type === 'EXECUTION') continue;
    const started = toMillis(operation.startTimestamp);
    if (started !== undefined && started > since) return false;
  }
  return true;
};

/** Milliseconds since the epoch of a timestamp the SDK hands over (a `Date`, or its JSON form). */
export const toMillis = (value: unknown): number | undefined => {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === 'string' || typeof value === 'number') {
    const millis = new Date(value).getTime();
    return Number.isNaN(millis) ? undefined : millis;
  }
  return undefined;
};

/** The same timestamp as a `Date`. */
export const toDate = (value: unknown): Date | undefined => {
  const millis = toMillis(value);
  return millis === undefined ? undefined : new Date(millis);
};
