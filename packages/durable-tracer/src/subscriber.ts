import type { DurableExecutionInvocationOutput } from '@aws/durable-execution-sdk-js';
import {
  type DurableInvocation,
  type DurableOperation,
  type DurableSubscriber,
  type InvocationEnd,
  type OperationFrameEnd,
  subscribe,
} from '@durable-powertools/commons';
import type { TracerSettings } from './options.js';
import {
  closeOpenDescendants,
  invocationLambdaSegment,
  type TraceSubsegment,
  withActiveSegment,
} from './powertoolsInternals.js';
import { type InvocationScope, invocationScopes, registry } from './state.js';

/**
 * Annotation keys the durable tracer writes. Annotations (not metadata) so that X-Ray can filter on
 * them, e.g. `annotation.execution_arn = "arn:aws:lambda:…"`.
 *
 * @example
 * ```ts
 * import { DURABLE_ANNOTATIONS } from '@durable-powertools/tracer';
 *
 * const filter = `annotation.${DURABLE_ANNOTATIONS.executionArn} = "${executionArn}"`;
 * ```
 */
export const DURABLE_ANNOTATIONS = {
  /** ARN of the durable execution: the same on every invocation of one execution. */
  executionArn: 'execution_arn',
  /** 1-based number of this invocation within its execution (estimated from the checkpoint history). */
  invocation: 'durable_invocation',
  /** `true` on the invocation that started the execution, `false` on every replaying one. */
  firstInvocation: 'first_invocation',
  /** How the invocation ended: `PENDING` (suspended), `SUCCEEDED`, `FAILED` or `RETRYING`. */
  invocationStatus: 'invocation_status',
  /** Id of the durable operation an attempt subsegment belongs to. */
  operationId: 'operation_id',
  /** 1-based attempt number of a step (or wait-for-condition check) attempt subsegment. */
  attempt: 'attempt',
} as const;

/**
 * Opens the `## <_HANDLER>` subsegment around the invocation (the core's `wrapInvocation`, which
 * settles on every invocation, suspended ones included) under the invocation's own Lambda segment,
 * annotates it and closes it with `invocation_status` when the invocation ends.
 */
const wrapInvocation = <T>(invocation: DurableInvocation, fn: () => Promise<T>): Promise<T> => {
  const settings = registry.settings;
  if (settings === undefined) return fn();
  const { tracer, captureResponse } = settings;
  // Same name as Powertools' `captureLambdaHandler`, so existing X-Ray groups and queries still match.
  const subsegment = tracer.isTracingEnabled()
    ? invocationLambdaSegment(tracer)?.addNewSubsegment(`## ${process.env._HANDLER ?? 'handler'}`)
    : undefined;
  const scope: InvocationScope = {
    handlerSubsegment: subsegment,
    subsegments: new WeakMap(),
    deferred: new WeakMap(),
    tracer,
    captureResponse,
    end: undefined,
  };
  invocationScopes.get(invocation).scope = scope;
  if (subsegment === undefined) return fn();
  return withActiveSegment(tracer, subsegment, async () => {
    subsegment.addAnnotation(DURABLE_ANNOTATIONS.executionArn, invocation.executionArn);
    subsegment.addAnnotation(DURABLE_ANNOTATIONS.invocation, invocation.index);
    subsegment.addAnnotation(DURABLE_ANNOTATIONS.firstInvocation, invocation.isFirstInvocation);
    // The handler subsegment is the active segment here.
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    let output: T;
    try {
      output = await fn();
    } catch (error) {
      // The SDK rethrows unrecoverable errors (a failed checkpoint) so that Lambda retries.
      close(scope, subsegment, 'RETRYING', asError(error));
      throw error;
    }
    const { Status: status, Error: failure } = output as DurableExecutionInvocationOutput & {
      Error?: { ErrorType?: string; ErrorMessage?: string };
    };
    const error =
      status === 'FAILED'
        ? (scope.end?.executionError ??
          Object.assign(new Error(failure?.ErrorMessage ?? 'durable execution failed'), {
            name: failure?.ErrorType ?? 'Error',
          }))
        : undefined;
    close(scope, subsegment, status, error);
    return output;
  });
};

const close = (
  scope: InvocationScope,
  subsegment: TraceSubsegment,
  status: string,
  error: Error | undefined,
): void => {
  const { tracer } = scope;
  subsegment.addAnnotation(DURABLE_ANNOTATIONS.invocationStatus, status);
  withActiveSegment(tracer, subsegment, () => {
    if (error !== undefined) tracer.addErrorAsMetadata(error);
    if (status === 'SUCCEEDED' && scope.captureResponse) {
      tracer.addResponseAsMetadata(scope.end?.executionResult, process.env._HANDLER);
    }
  });
  closeOpenDescendants(subsegment);
  closeSafely(subsegment);
};

/** Keeps the SDK's report of how the invocation ended for the handler subsegment's metadata. */
const onInvocationEnd = (invocation: DurableInvocation, end: InvocationEnd): void => {
  const scope = invocationScopes.peek(invocation)?.scope;
  if (scope !== undefined) scope.end = end;
};

/**
 * Opens a `### <name>` subsegment around a live step (or wait-for-condition) attempt or child context
 * function (`runInChildContext`, map item, parallel branch) under its nearest ancestor's, else the
 * handler's; a child re-run only to rebuild finished work (`replaying`) gets none. A FLAT item
 * (`virtual`) re-runs whenever its parent does: its subsegment opens only for live work inside it.
 */
const wrapOperationFn = (
  operation: DurableOperation,
  invocation: DurableInvocation,
  fn: () => unknown,
): unknown => {
  const scope = invocationScopes.peek(invocation)?.scope;
  if (
    scope?.handlerSubsegment === undefined ||
    operation.replaying ||
    registry.settings?.traceOperations !== true
  ) {
    return fn();
  }
  if (operation.virtual) {
    scope.deferred.set(operation, Date.now() / 1000);
    return fn();
  }
  const subsegment = openUnder(scope, operation, parentSubsegment(scope, operation));
  return withActiveSegment(scope.tracer, subsegment, fn);
};

/** Closes the subsegment of an attempt or child context whose function settled, with its error. */
const endFrame = (
  operation: DurableOperation,
  invocation: DurableInvocation,
  { failed, error }: OperationFrameEnd,
): void => {
  const scope = invocationScopes.peek(invocation)?.scope;
  const subsegment = scope?.subsegments.get(operation);
  if (scope === undefined || subsegment === undefined) return; // none, or a virtual item that only replayed
  if (failed) {
    withActiveSegment(scope.tracer, subsegment, () =>
      scope.tracer.addErrorAsMetadata(asError(error)),
    );
  }
  closeSafely(subsegment);
};

/** The subsegment `operation` nests under, opening a FLAT ancestor's first (dated from its start). */
const parentSubsegment = (scope: InvocationScope, operation: DurableOperation): TraceSubsegment => {
  let parent = operation.parent;
  while (parent !== undefined && !scope.subsegments.has(parent) && !scope.deferred.has(parent)) {
    parent = parent.parent;
  }
  if (parent === undefined) return scope.handlerSubsegment as TraceSubsegment;
  return (
    scope.subsegments.get(parent) ??
    openUnder(scope, parent, parentSubsegment(scope, parent), scope.deferred.get(parent))
  );
};

const openUnder = (
  scope: InvocationScope,
  operation: DurableOperation,
  parent: TraceSubsegment,
  startTime?: number,
): TraceSubsegment => {
  const subsegment = parent.addNewSubsegment(`### ${operation.name ?? operation.id}`);
  if (startTime !== undefined) subsegment.start_time = startTime;
  scope.subsegments.set(operation, subsegment);
  subsegment.addAnnotation(DURABLE_ANNOTATIONS.operationId, operation.id);
  if (operation.attempt !== undefined) {
    subsegment.addAnnotation(DURABLE_ANNOTATIONS.attempt, operation.attempt);
  }
  return subsegment;
};

/** One subscriber per process, shared by an ESM and a CJS copy of the package. */
const globals = globalThis as Record<symbol, DurableSubscriber>;
const SUBSCRIBER_KEY = Symbol.for('@durable-powertools/tracer.subscriber.v2');
globals[SUBSCRIBER_KEY] ??= {
  name: '@durable-powertools/tracer',
  wrapInvocation,
  onInvocationEnd,
  wrapChildContextFn: wrapOperationFn,
  wrapOperationAttemptFn: wrapOperationFn,
  onChildContextEnd: endFrame,
  onOperationAttemptEnd: endFrame,
};
const subscriber = globals[SUBSCRIBER_KEY];

/**
 * What every entry point does where it is built: register its settings for every invocation in the
 * process (the latest wins) and subscribe the tracer to the core (once). Plugin instances carry
 * nothing, so the order and number of registered plugins never change the output.
 */
export const registerTracer = (settings: TracerSettings): TracerSettings => {
  registry.settings = settings;
  subscribe(subscriber);
  return settings;
};

const closeSafely = (subsegment: TraceSubsegment): void => {
  if (subsegment.isClosed()) return; // closed with the handler subsegment by a suspension
  try {
    subsegment.close();
  } catch (error) {
    // As Powertools does: tracing must never fail the invocation.
    console.warn('Failed to close or serialize segment %s.', subsegment.name, error);
  }
};

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));
