import type { OperationInfo } from '@aws/durable-execution-sdk-js';
import { MetricResolution, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { LifecycleInvocation } from '@durable-powertools/commons';
import type { BufferedMetric } from './buffer/MetricBuffer.js';

/**
 * Names of the workflow-metrics pack (`builtInMetrics: { workflow: true }`), published once, with
 * the completion documents.
 *
 * @example
 * ```ts
 * const retries = document[WORKFLOW_METRICS.stepRetries];
 * ```
 */
export const WORKFLOW_METRICS = {
  invocations: 'workflowInvocations',
  replays: 'workflowReplays',
  stepAttempts: 'workflowStepAttempts',
  stepRetries: 'workflowStepRetries',
  wallTime: 'workflowWallTime',
  suspendedTime: 'workflowSuspendedTime',
  activeTime: 'workflowActiveTime',
} as const;

/** Step attempts this invocation ran (counted from the lifecycle core's attempt events). */
export interface LiveAttempts {
  attempts: number;
  /** Attempts numbered 1: steps that started in this invocation. */
  newSteps: number;
}

const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'STOPPED', 'CANCELLED']);

/** Operations whose time the execution spends suspended, not running. */
const SUSPENDING = new Set(['WAIT', 'CALLBACK', 'CHAINED_INVOKE']);

/** The length of the union of `[start, end]` intervals (parallel waits overlap). */
const unionLength = (intervals: Array<[number, number]>): number => {
  const sorted = intervals.filter(([start, end]) => end > start).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [currentStart, currentEnd] = [Number.NaN, Number.NaN];
  for (const [start, end] of sorted) {
    if (Number.isNaN(currentStart) || start > currentEnd) {
      if (!Number.isNaN(currentStart)) total += currentEnd - currentStart;
      [currentStart, currentEnd] = [start, end];
    } else {
      currentEnd = Math.max(currentEnd, end);
    }
  }
  if (!Number.isNaN(currentStart)) total += currentEnd - currentStart;
  return total;
};

/** Milliseconds of a checkpointed timestamp (a `Date`, or its wire form), if valid. */
const timeOf = (value: Date | string | number | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : time;
};

const count = (name: string, value: number): BufferedMetric => ({
  name,
  unit: MetricUnit.Count,
  resolution: MetricResolution.Standard,
  values: [value],
});

const milliseconds = (name: string, value: number): BufferedMetric => ({
  name,
  unit: MetricUnit.Milliseconds,
  resolution: MetricResolution.Standard,
  values: [Math.max(0, Math.round(value))],
});

/**
 * The workflow-metrics pack, computed when the workflow completes from the checkpoint history the
 * SDK handed this invocation plus what this invocation ran:
 *
 * - `workflowInvocations`, `workflowReplays` (invocations after the first, each a replay);
 * - `workflowStepAttempts`, `workflowStepRetries` (attempts beyond the first of each step);
 * - `workflowWallTime`: execution start to completion;
 * - `workflowSuspendedTime`: time covered by finished waits, callbacks and chained invokes (from
 *   their checkpointed start and end, or, without an end, the start of the next operation or of
 *   this invocation; overlapping ones counted once);
 * - `workflowActiveTime`: wall time minus suspended time, an upper bound of compute time (it also
 *   holds step retry delays and the scheduling between invocations, which the history does not time).
 */
export const workflowMetricsPack = (
  invocation: LifecycleInvocation,
  live: LiveAttempts,
  now: number,
): BufferedMetric[] => {
  const operations: OperationInfo[] = Object.values(invocation.operations);
  let attempts = live.attempts;
  let steps = live.newSteps;
  const suspensions: Array<[number, number]> = [];
  const starts = operations
    .filter((operation) => operation.type !== 'EXECUTION')
    .map((operation) => timeOf(operation.startTimestamp))
    .filter((time): time is number => time !== undefined);
  for (const operation of operations) {
    if (operation.type === 'STEP') {
      steps++;
      attempts += operation.attempt ?? 0;
    } else if (SUSPENDING.has(operation.type) && FINISHED.has(operation.status ?? '')) {
      const start = timeOf(operation.startTimestamp);
      if (start === undefined) continue;
      // Without a checkpointed end, the suspension lasted until the resumed code started its next
      // operation (or, for the one this invocation resumed from, until this invocation started).
      const end =
        timeOf(operation.endTimestamp) ??
        Math.min(invocation.startedAt, ...starts.filter((time) => time > start));
      suspensions.push([start, Math.min(end, now)]);
    }
  }
  const metrics = [
    count(WORKFLOW_METRICS.invocations, invocation.index),
    count(WORKFLOW_METRICS.replays, invocation.index - 1),
    count(WORKFLOW_METRICS.stepAttempts, attempts),
    count(WORKFLOW_METRICS.stepRetries, Math.max(0, attempts - steps)),
  ];
  const startedAt = timeOf(invocation.executionStartTimestamp);
  if (startedAt !== undefined) {
    const wall = now - startedAt;
    const suspended = Math.min(wall, unionLength(suspensions));
    metrics.push(
      milliseconds(WORKFLOW_METRICS.wallTime, wall),
      milliseconds(WORKFLOW_METRICS.suspendedTime, suspended),
      milliseconds(WORKFLOW_METRICS.activeTime, wall - suspended),
    );
  }
  return metrics;
};
