import type {
  DurableOperation,
  DurableSubscriber,
  InvocationEnd,
} from '@durable-powertools/commons';
import type { Publication } from './emf/collector.js';
import { FINISHED } from './emf/workflowMetrics.js';
import { metricsState } from './state.js';

const isFinished = (end: InvocationEnd, operationId: string | undefined): boolean =>
  operationId !== undefined && FINISHED.has(end.operations[operationId]?.status);

/**
 * Whether a child context still running when the invocation ended will never run again: the
 * execution is over, or it or an ancestor (a map/parallel that completed early, `completionConfig`)
 * is checkpointed as finished, so nothing re-runs the branch.
 */
const abandoned = (
  operationId: string,
  operation: DurableOperation | undefined,
  end: InvocationEnd,
): boolean => {
  if (end.status === 'SUCCEEDED' || end.status === 'FAILED') return true;
  if (end.status !== 'PENDING') return false;
  for (let id: string | undefined = operationId; id !== undefined; ) {
    if (isFinished(end, id)) return true;
    id =
      id === operationId
        ? (operation?.parentId ?? end.operations[id]?.parentId)
        : end.operations[id]?.parentId;
  }
  return false;
};

/**
 * On `RETRYING` (Lambda retries the invocation, which completes the workflow again) the completion
 * documents are dropped; a child's are kept if its finish was checkpointed; attempts' are kept.
 */
const survivesRetry = (publication: Publication, end: InvocationEnd): boolean =>
  publication.kind === 'attempts' ||
  (publication.kind === 'childContext' && isFinished(end, publication.operationId));

const SUBSCRIBER_KEY = Symbol.for('@durable-powertools/metrics.subscriber.v2');
const globals = globalThis as Record<symbol, DurableSubscriber | undefined>;

/**
 * The package's lifecycle hooks: publications are settled at the invocation's end, child contexts'
 * metrics when they finish, and step attempts are counted for the workflow-metrics pack. One object
 * per process, registered under a global symbol, so that an ESM and a CJS copy of this package
 * subscribe the same object and the core's `subscribe` (idempotent per object) keeps it once.
 */
globals[SUBSCRIBER_KEY] ??= {
  name: '@durable-powertools/metrics',
  onInvocationEnd: (invocation, end) => {
    const state = metricsState.peek(invocation);
    if (state === undefined || state.collectors.size === 0) return;
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
      for (const collector of state.collectors.values()) collector.complete(end.status);
    }
    for (const publication of state.pending.splice(0)) {
      if (end.status !== 'RETRYING' || survivesRetry(publication, end)) publication.publish();
    }
  },
  onChildContextEnd: (operation, invocation) => {
    if (operation.virtual) return; // its metrics belong to its nearest non-virtual ancestor
    const state = metricsState.peek(invocation);
    const child = state?.children.get(operation.id);
    if (state === undefined || child === undefined) return;
    state.children.delete(operation.id);
    for (const [collector, buffer] of child.buffers) collector.finishChild(operation, buffer);
  },
  onOperationAttemptStart: (operation, invocation) => {
    const { liveAttempts } = metricsState.get(invocation);
    liveAttempts.attempts++;
    if (operation.attempt === 1) liveAttempts.newSteps++;
  },
};
export const metricsSubscriber: DurableSubscriber = globals[SUBSCRIBER_KEY];
