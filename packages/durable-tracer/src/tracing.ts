import type { DurableExecutionInvocationOutput } from '@aws/durable-execution-sdk-js';
import {
  type InvocationEnd,
  type LifecycleInvocation,
  type LifecycleOperation,
  subscribeLifecycle,
} from '@durable-powertools/commons';
import { closeOpenDescendants, withActiveSegment } from './activeSegment.js';
import { DURABLE_ANNOTATIONS } from './constants.js';
import { type InvocationScope, invocationScopeOf, setInvocationScope } from './invocationScope.js';
import { registrationFor, type TracerRegistration } from './registration.js';
import type { TraceSubsegment } from './types/xray.js';

/**
 * Opens the `## <_HANDLER>` subsegment around the invocation (the lifecycle core's
 * `wrapInvocation`, which settles on every invocation, suspended ones included), annotates it with
 * `execution_arn`, `durable_invocation`, `first_invocation`, `ColdStart` and `Service`, and closes it
 * with `invocation_status` when the invocation ends.
 */
const wrapInvocation = <T>(invocation: LifecycleInvocation, fn: () => Promise<T>): Promise<T> => {
  const registration = registrationFor(invocation);
  if (registration === undefined) return fn();
  const { tracer } = registration;
  const scopeWith = (handlerSubsegment: TraceSubsegment | undefined): InvocationScope => {
    const scope: InvocationScope = {
      executionArn: invocation.executionArn,
      invocation: invocation.index,
      firstInvocation: invocation.isFirstInvocation,
      handlerSubsegment,
      tracer,
      captureResponse: undefined,
      end: undefined,
    };
    setInvocationScope(invocation, scope);
    return scope;
  };
  if (!tracer.isTracingEnabled()) {
    scopeWith(undefined);
    return fn();
  }
  // captureAsyncFunc opens the subsegment under the facade segment of *this* invocation's trace
  // and makes it the active segment for everything the invocation runs, in a context of its own.
  return tracer.provider.captureAsyncFunc(handlerSubsegmentName(), (subsegment) => {
    const scope = scopeWith(subsegment);
    if (subsegment === undefined) return fn();
    return traceInvocation(registration, scope, subsegment, fn);
  }) as Promise<T>;
};

const traceInvocation = async <T>(
  registration: TracerRegistration,
  scope: InvocationScope,
  subsegment: TraceSubsegment,
  fn: () => Promise<T>,
): Promise<T> => {
  const { tracer } = registration;
  subsegment.addAnnotation(DURABLE_ANNOTATIONS.executionArn, scope.executionArn);
  subsegment.addAnnotation(DURABLE_ANNOTATIONS.invocation, scope.invocation);
  subsegment.addAnnotation(DURABLE_ANNOTATIONS.firstInvocation, scope.firstInvocation);
  // Still in captureAsyncFunc's fresh context: the active segment is this subsegment.
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  let output: T;
  try {
    output = await fn();
  } catch (error) {
    // The SDK rethrows unrecoverable errors (a failed checkpoint) so that Lambda retries.
    close(registration, scope, subsegment, 'RETRYING', asError(error));
    throw error;
  }
  const { Status: status, Error: errorObject } = output as DurableExecutionInvocationOutput & {
    Error?: { ErrorType?: string; ErrorMessage?: string };
  };
  const error =
    status === 'FAILED' ? (scope.end?.executionError ?? errorFromOutput(errorObject)) : undefined;
  close(registration, scope, subsegment, status, error);
  return output;
};

const close = (
  registration: TracerRegistration,
  scope: InvocationScope,
  subsegment: TraceSubsegment,
  status: string,
  error: Error | undefined,
): void => {
  const { tracer } = scope;
  subsegment.addAnnotation(DURABLE_ANNOTATIONS.invocationStatus, status);
  withActiveSegment(tracer, subsegment, () => {
    if (error !== undefined) tracer.addErrorAsMetadata(error);
    const captureResponse = scope.captureResponse ?? registration.captureResponse;
    if (status === 'SUCCEEDED' && captureResponse) {
      tracer.addResponseAsMetadata(scope.end?.executionResult, process.env._HANDLER);
    }
  });
  closeOpenDescendants(subsegment);
  closeSafely(subsegment);
};

/** Keeps the SDK's report of how the invocation ended for the handler subsegment's metadata. */
const invocationEnd = (invocation: LifecycleInvocation, end: InvocationEnd): void => {
  const scope = invocationScopeOf(invocation);
  if (scope !== undefined) scope.end = end;
};

/** Opens a `### <name>` subsegment around one live attempt of a step or wait-for-condition check. */
const wrapAttempt = (
  operation: LifecycleOperation,
  invocation: LifecycleInvocation,
  fn: () => unknown,
): unknown => {
  const scope = invocationScopeOf(invocation);
  const parent = scope?.handlerSubsegment;
  const registration = registrationFor(invocation);
  if (scope === undefined || parent === undefined || registration?.traceOperations !== true) {
    return fn();
  }
  const { tracer } = scope;
  const subsegment = parent.addNewSubsegment(`### ${operation.name ?? operation.id}`);
  subsegment.addAnnotation(DURABLE_ANNOTATIONS.operationId, operation.id);
  if (operation.attempt !== undefined) {
    subsegment.addAnnotation(DURABLE_ANNOTATIONS.attempt, operation.attempt);
  }
  const fail = (error: unknown): never => {
    withActiveSegment(tracer, subsegment, () => tracer.addErrorAsMetadata(asError(error)));
    closeSafely(subsegment);
    throw error;
  };
  return withActiveSegment(tracer, subsegment, () => {
    let result: unknown;
    try {
      result = fn();
    } catch (error) {
      return fail(error);
    }
    if (!isPromiseLike(result)) {
      closeSafely(subsegment);
      return result;
    }
    return Promise.resolve(result).then((value) => {
      closeSafely(subsegment);
      return value;
    }, fail);
  });
};

const SUBSCRIBED = Symbol.for('@durable-powertools/tracer.subscribed.v1');
const flags = globalThis as Record<symbol, boolean | undefined>;

/** Subscribes the tracer to the lifecycle core, once per process. */
export const subscribeTracer = (): void => {
  if (flags[SUBSCRIBED] === true) return;
  flags[SUBSCRIBED] = true;
  subscribeLifecycle({
    name: '@durable-powertools/tracer',
    wrapInvocation,
    invocationEnd,
    wrapAttempt,
  });
};

/** Same name as Powertools' `captureLambdaHandler`, so existing X-Ray groups and queries still match. */
const handlerSubsegmentName = (): string => `## ${process.env._HANDLER ?? 'handler'}`;

const closeSafely = (subsegment: TraceSubsegment): void => {
  try {
    subsegment.close();
  } catch (error) {
    // As Powertools does: tracing must never fail the invocation.
    console.warn('Failed to close or serialize segment %s.', subsegment.name, error);
  }
};

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null)?.then === 'function';

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));

const errorFromOutput = (
  errorObject: { ErrorType?: string; ErrorMessage?: string } | undefined,
): Error => {
  const error = new Error(errorObject?.ErrorMessage ?? 'durable execution failed');
  error.name = errorObject?.ErrorType ?? 'Error';
  return error;
};
