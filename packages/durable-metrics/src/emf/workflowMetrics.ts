import type { OperationInfo } from '@aws/durable-execution-sdk-js';
import { MetricResolution, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DurableInvocation } from '@durable-powertools/commons';
import type { BuiltInMetricsOptions } from '../options.js';
import type { BufferedMetric } from './buffer.js';

/** Names of the built-in workflow metrics (see `builtInMetrics` in the options). */
export const BUILT_IN_METRICS = {
  duration: 'workflowDuration',
  invocations: 'workflowInvocations',
  succeeded: 'workflowSucceeded',
  failed: 'workflowFailed',
} as const;

/** How a durable workflow completed: its handler returned, or threw. */
export type WorkflowOutcome = 'SUCCEEDED' | 'FAILED';

/** Names of the workflow-metrics pack (`builtInMetrics: { workflow: true }`). */
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

/** Statuses of a finished operation. */
export const FINISHED: ReadonlySet<unknown> = new Set(
  'SUCCEEDED FAILED TIMED_OUT STOPPED CANCELLED'.split(' '),
);

/** Operations whose time the execution spends suspended, not running. */
const SUSPENDING = new Set(['WAIT', 'CALLBACK', 'CHAINED_INVOKE']);

/** The length of the union of `[start, end]` intervals (parallel waits overlap). */
const unionLength = (intervals: Array<[number, number]>): number => {
  let [total, reach] = [0, Number.NEGATIVE_INFINITY];
  for (const [start, end] of [...intervals].sort((a, b) => a[0] - b[0])) {
    if (end > Math.max(start, reach)) [total, reach] = [total + end - Math.max(start, reach), end];
  }
  return total;
};

/** Milliseconds of a checkpointed timestamp (a `Date`, or its wire form), if valid. */
const timeOf = (value: Date | string | number | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : time;
};

const metric = (name: string, unit: BufferedMetric['unit'], value: number): BufferedMetric => ({
  name,
  unit,
  resolution: MetricResolution.Standard,
  values: [Math.max(0, Math.round(value))],
});
const count = (name: string, value: number) => metric(name, MetricUnit.Count, value);
const milliseconds = (name: string, value: number) => metric(name, MetricUnit.Milliseconds, value);

/**
 * The workflow-metrics pack (the README's table), computed when the workflow completes from the
 * checkpoint history the SDK handed this invocation plus what this invocation ran. Suspended time is
 * the union of finished waits, callbacks and chained invokes (without a checkpointed end: until the
 * next operation's start, or this invocation's); active time is wall time minus that.
 */
export const workflowMetricsPack = (
  invocation: DurableInvocation,
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

/** The built-in metrics `builtIns` asks for, computed when the workflow completes. */
export const builtInMetrics = (
  builtIns: BuiltInMetricsOptions,
  invocation: DurableInvocation,
  live: LiveAttempts,
  outcome: WorkflowOutcome,
): BufferedMetric[] => {
  const now = Date.now();
  const metrics: BufferedMetric[] = [];
  const startedAt = invocation.executionStartTimestamp;
  if (builtIns.duration && startedAt !== undefined) {
    metrics.push(milliseconds(BUILT_IN_METRICS.duration, now - new Date(startedAt).getTime()));
  }
  if (builtIns.workflow) metrics.push(...workflowMetricsPack(invocation, live, now));
  else if (builtIns.invocations)
    metrics.push(count(BUILT_IN_METRICS.invocations, invocation.index));
  const outcomeName =
    outcome === 'SUCCEEDED' ? BUILT_IN_METRICS.succeeded : BUILT_IN_METRICS.failed;
  if (builtIns.outcome) metrics.push(count(outcomeName, 1));
  return metrics;
};
