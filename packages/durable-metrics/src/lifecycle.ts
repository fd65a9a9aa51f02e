import {
  type InvocationEnd,
  type LifecycleInvocation,
  type LifecycleOperation,
  subscribeLifecycle,
} from '@durable-powertools/commons';
import { type MetricsInvocationState, metricsStateOf, type Publication } from './shared.js';

const FINISHED: ReadonlySet<unknown> = new Set([
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'STOPPED',
  'CANCELLED',
]);

const isFinished = (
  operations: InvocationEnd['operations'],
  operationId: string | undefined,
): boolean => operationId !== undefined && FINISHED.has(operations[operationId]?.status);

/**
 * Whether a child context still running when the invocation ended will never run again: the
 * execution is over, or it or an ancestor (a map/parallel that completed early, `completionConfig`)
 * is checkpointed as finished, so nothing re-runs the branch.
 */
const abandoned = (
  operationId: string,
  operation: LifecycleOperation | undefined,
  end: InvocationEnd,
): boolean => {
  if (end.status === 'SUCCEEDED' || end.status === 'FAILED') return true;
  if (end.status !== 'PENDING') return false;
  for (let id: string | undefined = operationId; id !== undefined; ) {
    if (isFinished(end.operations, id)) return true;
    id =
      id === operationId
        ? (operation?.parentId ?? end.operations[id]?.parentId)
        : end.operations[id]?.parentId;
  }
  return false;
};

/**
 * On `RETRYING` (a checkpoint failed; Lambda retries the invocation, which replays the workflow
 * again) the completion documents are dropped: the retry completes the workflow again and publishes
 * them. A child context's documents are kept only if its finish reached the checkpoint history.
 */
const survivesRetry = (publication: Publication, end: InvocationEnd): boolean =>
  publication.kind === 'childContext' && isFinished(end.operations, publication.operationId);

const settle = (state: MetricsInvocationState, end: InvocationEnd): void => {
  const pending = state.pending.splice(0);
  for (const publication of pending) {
    if (end.status === 'RETRYING' && !survivesRetry(publication, end)) continue;
    publication.publish();
  }
};

const onInvocationEnd = (invocation: LifecycleInvocation, end: InvocationEnd): void => {
  const state = metricsStateOf(invocation);
  if (state.collectors.size === 0) return;
  // Child contexts left running: publish the ones nothing will re-run (early completion).
  for (const [id, { operation, buffers }] of state.children) {
    if (!abandoned(id, operation, end)) continue;
    const described = operation ?? { id, name: end.operations[id]?.name, attempt: undefined };
    for (const [collector, buffer] of buffers) collector.finishChild(described, buffer);
  }
  state.children.clear();
  // The SDK ended the execution without the handler settling (context misuse, non-determinism,
  // serdes, configuration): middy's `after`/`onError` never run, so complete here.
  if (end.status === 'SUCCEEDED' || end.status === 'FAILED') {
    for (const collector of state.collectors.values()) collector.completeFromSdk(end.status);
  }
  settle(state, end);
};

const onChildContextEnd = (
  operation: LifecycleOperation,
  invocation: LifecycleInvocation,
): void => {
  if (operation.virtual) return; // its metrics belong to its nearest non-virtual ancestor
  const state = metricsStateOf(invocation);
  const child = state.children.get(operation.id);
  if (child === undefined) return;
  state.children.delete(operation.id);
  for (const [collector, buffer] of child.buffers) collector.finishChild(operation, buffer);
};

const SUBSCRIBED = Symbol.for('@durable-powertools/metrics.subscribed.v1');
const flags = globalThis as Record<symbol, boolean | undefined>;

/**
 * Subscribes this package to the lifecycle core, once per process: a second copy of the package
 * (ESM next to CJS) shares the per-invocation state, so it must not handle the same events again.
 */
export const subscribeMetrics = (): void => {
  if (flags[SUBSCRIBED] === true) return;
  flags[SUBSCRIBED] = true;
  subscribeLifecycle({
    name: '@durable-powertools/metrics',
    invocationEnd: onInvocationEnd,
    childContextEnd: onChildContextEnd,
  });
};
