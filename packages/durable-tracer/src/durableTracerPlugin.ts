import type {
  AttemptInfo,
  DurableExecutionInvocationOutput,
  DurableInstrumentationPlugin,
  InvocationEndInfo,
  InvocationInfo,
} from '@aws/durable-execution-sdk-js';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { estimateInvocationCountFromOperations } from '@durable-powertools/commons';
import { closeOpenDescendants, withActiveSegment } from './activeSegment.js';
import { DURABLE_ANNOTATIONS } from './constants.js';
import {
  currentInvocationScope,
  type InvocationScope,
  runInInvocationScope,
} from './invocationScope.js';
import type { DurableTracerPluginOptions } from './types/options.js';
import type { TraceSubsegment } from './types/xray.js';
import { validatePluginOptions } from './validation.js';

type InvocationOutput = DurableExecutionInvocationOutput;
/** The SDK's `CustomerFn`/`CustomerFnResult` (declared in its plugin types, not exported). */
type CustomerFnResult = unknown;
type CustomerFn = () => CustomerFnResult;

/**
 * Durable execution instrumentation plugin that gives every invocation of a durable function a
 * closed, annotated X-Ray handler subsegment, suspended invocations included.
 *
 * Powertools' `captureLambdaHandler` closes its subsegment in `after`/`onError`, which a suspended
 * invocation never reaches: its handler promise never settles. The SDK's `wrapInvocation` hook does
 * settle on every invocation, so this plugin opens `## <_HANDLER>` there, annotates it with
 * `execution_arn`, `durable_invocation`, `first_invocation`, `ColdStart` and `Service`, and closes it
 * with `invocation_status` (`PENDING`, `SUCCEEDED`, `FAILED`, `RETRYING`) when the invocation ends.
 * Live step attempts get `### <name>` subsegments; replayed operations never run and get none.
 *
 * All per-invocation state lives in the invocation's async context; the instance holds only its
 * configuration.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { Tracer } from '@aws-lambda-powertools/tracer';
 * import { DurableTracerPlugin } from '@durable-powertools/tracer';
 *
 * const tracer = new Tracer({ serviceName: 'orders' });
 *
 * export const handler = withDurableExecution(
 *   async (event, context) => {
 *     await context.step('reserve', async () => reserve(event));
 *     await context.wait({ minutes: 5 });
 *     return context.step('charge', async () => charge(event));
 *   },
 *   { plugins: [new DurableTracerPlugin({ tracer })] },
 * );
 * ```
 *
 * @throws {DurableTracerOptionError} at once, when an option is wrong (`tracer` not a Powertools Tracer)
 */
export class DurableTracerPlugin implements DurableInstrumentationPlugin {
  readonly #tracer: Tracer;
  readonly #captureResponse: boolean;
  readonly #traceOperations: boolean;

  public constructor(input: DurableTracerPluginOptions = {}) {
    const options = validatePluginOptions(input);
    // Its own Tracer must not patch http/https/fetch a second time: the user's Tracer does that.
    this.#tracer = options.tracer ?? new Tracer({ captureHTTPsRequests: false });
    this.#captureResponse = options.captureResponse ?? true;
    this.#traceOperations = options.traceOperations ?? true;
  }

  /** Opens the handler subsegment, runs the invocation, closes the subsegment with its outcome. */
  public wrapInvocation(
    info: InvocationInfo,
    fn: () => Promise<InvocationOutput>,
  ): Promise<InvocationOutput> {
    const tracer = this.#tracer;
    const describe = (handlerSubsegment: TraceSubsegment | undefined): InvocationScope => ({
      executionArn: info.executionArn,
      invocation: estimateInvocationCountFromOperations(Object.values(info.operations)),
      firstInvocation: info.isFirstInvocation,
      handlerSubsegment,
      tracer,
      captureResponse: undefined,
      end: undefined,
    });
    if (!tracer.isTracingEnabled()) return runInInvocationScope(describe(undefined), fn);
    // captureAsyncFunc opens the subsegment under the facade segment of *this* invocation's trace
    // and makes it the active segment for everything the invocation runs, in a context of its own.
    return tracer.provider.captureAsyncFunc(handlerSubsegmentName(), (subsegment) => {
      const scope = describe(subsegment);
      if (subsegment === undefined) return runInInvocationScope(scope, fn);
      return this.#traceInvocation(scope, subsegment, fn);
    }) as Promise<InvocationOutput>;
  }

  /** Keeps the SDK's report of how the invocation ended for the handler subsegment's metadata. */
  public async onInvocationEnd(info: InvocationEndInfo): Promise<void> {
    const scope = currentInvocationScope();
    if (scope !== undefined) scope.end = info;
  }

  /** Opens a `### <name>` subsegment around one live attempt of a step or wait-for-condition check. */
  public wrapOperationAttemptFn(info: AttemptInfo, fn: CustomerFn): CustomerFnResult {
    const scope = currentInvocationScope();
    const parent = scope?.handlerSubsegment;
    if (!this.#traceOperations || scope === undefined || parent === undefined || info.isReplay) {
      return fn();
    }
    const { tracer } = scope;
    const subsegment = parent.addNewSubsegment(`### ${info.name ?? info.id}`);
    subsegment.addAnnotation(DURABLE_ANNOTATIONS.operationId, info.id);
    subsegment.addAnnotation(DURABLE_ANNOTATIONS.attempt, info.attempt);
    const fail = (error: unknown): never => {
      withActiveSegment(tracer, subsegment, () => tracer.addErrorAsMetadata(asError(error)));
      closeSafely(subsegment);
      throw error;
    };
    return withActiveSegment(tracer, subsegment, () => {
      let result: CustomerFnResult;
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
  }

  async #traceInvocation(
    scope: InvocationScope,
    subsegment: TraceSubsegment,
    fn: () => Promise<InvocationOutput>,
  ): Promise<InvocationOutput> {
    subsegment.addAnnotation(DURABLE_ANNOTATIONS.executionArn, scope.executionArn);
    subsegment.addAnnotation(DURABLE_ANNOTATIONS.invocation, scope.invocation);
    subsegment.addAnnotation(DURABLE_ANNOTATIONS.firstInvocation, scope.firstInvocation);
    // Still in captureAsyncFunc's fresh context: the active segment is this subsegment.
    this.#tracer.annotateColdStart();
    this.#tracer.addServiceNameAnnotation();
    let output: InvocationOutput;
    try {
      output = await runInInvocationScope(scope, fn);
    } catch (error) {
      // The SDK rethrows unrecoverable errors (a failed checkpoint) so that Lambda retries.
      this.#close(scope, subsegment, 'RETRYING', asError(error));
      throw error;
    }
    const error =
      output.Status === 'FAILED'
        ? (scope.end?.executionError ?? errorFromOutput(output.Error))
        : undefined;
    this.#close(scope, subsegment, output.Status, error);
    return output;
  }

  #close(
    scope: InvocationScope,
    subsegment: TraceSubsegment,
    status: string,
    error: Error | undefined,
  ): void {
    const { tracer } = scope;
    subsegment.addAnnotation(DURABLE_ANNOTATIONS.invocationStatus, status);
    withActiveSegment(tracer, subsegment, () => {
      if (error !== undefined) tracer.addErrorAsMetadata(error);
      const captureResponse = scope.captureResponse ?? this.#captureResponse;
      if (status === 'SUCCEEDED' && captureResponse) {
        tracer.addResponseAsMetadata(scope.end?.executionResult, process.env._HANDLER);
      }
    });
    closeOpenDescendants(subsegment);
    closeSafely(subsegment);
  }
}

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
