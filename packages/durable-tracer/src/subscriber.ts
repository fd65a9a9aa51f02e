import type { DurableExecutionInvocationOutput } from '@aws/durable-execution-sdk-js';
import {
  type DurableInvocation,
  type DurableOperation,
  type DurableSubscriber,
  type InvocationEnd,
  subscribe,
} from '@durable-powertools/commons';
import type { TracerSettings } from './options.js';
import {
  closeOpenDescendants,
  invocationLambdaSegment,
  type TraceSubsegment,
  withActiveSegment,
} from './powertoolsInternals.js';
import {
  type InvocationScope,
  invocationScopes,
  registeredSettings,
  registerSettings,
} from './state.js';

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
  const settings = registeredSettings();
  if (settings === undefined) return fn();
  const { tracer } = settings;
  const traced = tracer.isTracingEnabled();
  const lambdaSegment = traced ? invocationLambdaSegment(tracer) : undefined;
  const handlerSubsegment = lambdaSegment?.addNewSubsegment(handlerSubsegmentName());
  const scope: InvocationScope = {
    handlerSubsegment,
    tracer,
    captureResponse: undefined,
    end: undefined,
  };
  invocationScopes.get(invocation).scope = scope;
  if (handlerSubsegment === undefined) return fn();
  return withActiveSegment(tracer, handlerSubsegment, () =>
    traceInvocation(invocation, settings, scope, handlerSubsegment, fn),
  );
};

const traceInvocation = async <T>(
  invocation: DurableInvocation,
  settings: TracerSettings,
  scope: InvocationScope,
  subsegment: TraceSubsegment,
  fn: () => Promise<T>,
): Promise<T> => {
  subsegment.addAnnotation(DURABLE_ANNOTATIONS.executionArn, invocation.executionArn);
  subsegment.addAnnotation(DURABLE_ANNOTATIONS.invocation, invocation.index);
  subsegment.addAnnotation(DURABLE_ANNOTATIONS.firstInvocation, invocation.isFirstInvocation);
  // The handler subsegment is the active segment here.
  settings.tracer.annotateColdStart();
  settings.tracer.addServiceNameAnnotation();
  let output: T;
  try {
    output = await fn();
  } catch (error) {
    // The SDK rethrows unrecoverable errors (a failed checkpoint) so that Lambda retries.
    close(settings, scope, subsegment, 'RETRYING', asError(error));
    throw error;
  }
  const { Status: status, Error: errorObject } = output as DurableExecutionInvocationOutput & {
    Error?: { ErrorType?: string; ErrorMessage?: string };
  };
  const error =
    status === 'FAILED' ? (scope.end?.executionError ?? errorFromOutput(errorObject)) : undefined;
  close(settings, scope, subsegment, status, error);
  return output;
};

const close = (
  settings: TracerSettings,
  scope: InvocationScope,
  subsegment: TraceSubsegment,
  status: string,
  error: Error | undefined,
): void => {
  const { tracer } = scope;
  subsegment.addAnnotation(DURABLE_ANNOTATIONS.invocationStatus, status);
  withActiveSegment(tracer, subsegment, () => {
    if (error !== undefined) tracer.addErrorAsMetadata(error);
    if (status === 'SUCCEEDED' && (scope.captureResponse ?? settings.captureResponse)) {
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

/** Opens a `### <name>` subsegment around one live attempt of a step or wait-for-condition check. */
const wrapOperationAttemptFn = (
  operation: DurableOperation,
  invocation: DurableInvocation,
  fn: () => unknown,
): unknown => {
  const scope = invocationScopes.peek(invocation)?.scope;
  const parent = scope?.handlerSubsegment;
  if (
    scope === undefined ||
    parent === undefined ||
    registeredSettings()?.traceOperations !== true
  ) {
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

/** One subscriber per process, shared by an ESM and a CJS copy of the package. */
const SUBSCRIBER_KEY = Symbol.for('@durable-powertools/tracer.subscriber.v2');
const globals = globalThis as Record<symbol, DurableSubscriber | undefined>;
globals[SUBSCRIBER_KEY] ??= {
  name: '@durable-powertools/tracer',
  wrapInvocation,
  onInvocationEnd,
  wrapOperationAttemptFn,
};
const subscriber = globals[SUBSCRIBER_KEY];

/**
 * What every entry point does where it is built: register its settings for every invocation in the
 * process and subscribe the tracer to the core (once). Plugin instances carry nothing, so the order
 * and number of registered plugins never change the output.
 */
export const registerTracer = (settings: TracerSettings): void => {
  registerSettings(settings);
  subscribe(subscriber);
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
