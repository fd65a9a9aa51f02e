import type { InvocationEndInfo } from '@aws/durable-execution-sdk-js';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { currentInvocation, type LifecycleInvocation } from '@durable-powertools/commons';
import type { TraceSubsegment } from './types/xray.js';

/**
 * What one invocation's tracing knows: created by the tracer's lifecycle subscription around the
 * invocation, read and adjusted by the middleware, kept in the lifecycle core's per-invocation slot.
 */
export interface InvocationScope {
  readonly executionArn: string;
  /** 1-based invocation number, estimated from the checkpoint history. */
  readonly invocation: number;
  readonly firstInvocation: boolean;
  /** `undefined` when tracing is disabled or there is no segment to attach to. */
  readonly handlerSubsegment: TraceSubsegment | undefined;
  /** The Tracer whose settings apply to the response and error metadata (the middleware's, if any). */
  tracer: Tracer;
  /** Set by the middleware; wins over the registration's own option. */
  captureResponse: boolean | undefined;
  /** What the SDK reported when the invocation ended (result or error of the execution). */
  end: Pick<InvocationEndInfo, 'executionResult' | 'executionError'> | undefined;
}

/** Registered key, so that an ESM and a CJS copy of the package share the scope. */
const TRACER_SLOT = Symbol.for('@durable-powertools/tracer.invocationScope.v1');

interface ScopeHolder {
  scope: InvocationScope | undefined;
}

const holderOf = (invocation: LifecycleInvocation): ScopeHolder =>
  invocation.slot<ScopeHolder>(TRACER_SLOT, () => ({ scope: undefined }));

/** Records `scope` as `invocation`'s tracing scope. */
export const setInvocationScope = (
  invocation: LifecycleInvocation,
  scope: InvocationScope,
): void => {
  holderOf(invocation).scope = scope;
};

/** The tracing scope of `invocation` (default: the one running now), if it is traced. */
export const invocationScopeOf = (
  invocation: LifecycleInvocation | undefined = currentInvocation(),
): InvocationScope | undefined =>
  invocation === undefined ? undefined : holderOf(invocation).scope;
