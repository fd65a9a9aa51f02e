import {
  currentInvocation as currentLifecycleInvocation,
  currentOperation as currentLifecycleOperation,
  type LifecycleInvocation,
  type LifecycleOperation,
} from '@durable-powertools/commons';
import type { InvocationTrace, OperationNode } from './invocationTrace.js';

/**
 * Where this package finds the invocation and the durable operation that code runs in: the suite's
 * lifecycle core (`@durable-powertools/commons`). The only module that talks to it.
 */

/** Per-invocation slot (a registered symbol, so two copies of this package share it). */
const TRACE_SLOT = Symbol.for('@durable-powertools/opentelemetry.invocationTrace');

interface TraceHolder {
  trace: InvocationTrace | undefined;
}

const holderOf = (invocation: LifecycleInvocation): TraceHolder =>
  invocation.slot<TraceHolder>(TRACE_SLOT, () => ({ trace: undefined }));

/** Attaches `trace` to `invocation` for the rest of the invocation. */
export const attachTrace = (invocation: LifecycleInvocation, trace: InvocationTrace): void => {
  holderOf(invocation).trace = trace;
};

/** The trace of `invocation`, if this package traces it. */
export const traceOfInvocation = (invocation: LifecycleInvocation): InvocationTrace | undefined =>
  holderOf(invocation).trace;

/** The trace of the invocation running now, if any. */
export const currentTrace = (): InvocationTrace | undefined => {
  const invocation = currentLifecycleInvocation();
  return invocation === undefined ? undefined : traceOfInvocation(invocation);
};

/** The node of the innermost operation (child context or attempt) running now, if any. */
export const currentNode = (trace: InvocationTrace): OperationNode | undefined =>
  nodeOf(trace, currentLifecycleOperation());

/** The node `trace` keeps for a lifecycle operation frame, or for its nearest enclosing one. */
export const nodeOf = (
  trace: InvocationTrace,
  operation: LifecycleOperation | undefined,
): OperationNode | undefined => {
  for (let frame = operation; frame !== undefined; frame = frame.parent) {
    const node = trace.nodeFor(frame);
    if (node !== undefined) return node;
  }
  return undefined;
};
