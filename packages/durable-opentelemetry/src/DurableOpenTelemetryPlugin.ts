import type {
  AttemptInfo,
  DurableExecutionInvocationOutput,
  DurableInstrumentationPlugin,
  InvocationEndInfo,
  InvocationInfo,
  OperationEndInfo,
  OperationInfo,
} from '@aws/durable-execution-sdk-js';
import { estimateInvocationCountFromOperations } from '@durable-powertools/commons';
import { context as otelContext, type TracerProvider, trace } from '@opentelemetry/api';
import { INSTRUMENTATION_SCOPE, INSTRUMENTATION_VERSION, SAMPLE_RATIO_ENV } from './constants.js';
import { DurableIdGeneratorMissingError, InvalidSampleRatioError } from './errors.js';
import { executionTraceId, isExecutionSampled, type TraceIdFormat } from './ids.js';
import { InvocationTrace, type OperationFacts, type OperationNode } from './invocationTrace.js';
import {
  currentInvocation,
  currentOperation,
  runInInvocation,
  runInOperation,
} from './lifecycle.js';
import { isFirstObservation, toDate } from './resumption.js';
import type { DurableOpenTelemetryOptions } from './types/options.js';

type InvocationOutput = DurableExecutionInvocationOutput;
/** The SDK's `CustomerFn`/`CustomerFnResult` (declared in its plugin types, not exported). */
type CustomerFnResult = unknown;
type CustomerFn = () => CustomerFnResult;

/** Operations that suspend the execution and complete outside it: shown when they complete. */
const RESUMABLE = new Set(['WAIT', 'CALLBACK', 'CHAINED_INVOKE']);

/**
 * Durable execution instrumentation plugin that gives a durable execution ONE OpenTelemetry trace,
 * however many invocations, days apart, it takes.
 *
 * - The trace id comes from the execution ARN (and, in the X-Ray format, its start time); the root
 *   span `execution <name>` has a span id derived from the ARN. Every invocation's span
 *   `invocation <n>` names it as parent before it exists; the invocation that ends the execution
 *   exports it once, with the execution's real start and end (this needs {@link DurableIdGenerator}
 *   in the tracer provider).
 * - One span per live step attempt (errors recorded on it), per child context, map item and parallel
 *   branch that does live work, and per wait, callback and chained invoke, covering the suspended
 *   interval, emitted by the invocation that resumes. Replayed operations get none.
 * - Sampling is decided once per execution from its ARN (`sampleRatio`).
 * - Every span of an invocation is ended before it returns, suspended ones included, and the
 *   provider is force-flushed.
 *
 * Per-invocation state lives in the invocation's async context; the instance holds only its
 * configuration and the environment's cold-start flag.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { DurableOpenTelemetryPlugin } from '@durable-powertools/opentelemetry';
 *
 * export const handler = withDurableExecution(
 *   async (event, context) => {
 *     await context.step('reserve', async () => reserve(event));
 *     await context.wait({ minutes: 5 });
 *     return context.step('charge', async () => charge(event));
 *   },
 *   { plugins: [new DurableOpenTelemetryPlugin()] },
 * );
 * ```
 */
export class DurableOpenTelemetryPlugin implements DurableInstrumentationPlugin {
  readonly #tracerProvider: TracerProvider | undefined;
  readonly #sampleRatio: number;
  readonly #traceIdFormat: TraceIdFormat;
  readonly #flush: boolean;
  #coldStart = true;
  #warnedIdGenerator = false;

  public constructor(options: DurableOpenTelemetryOptions = {}) {
    this.#tracerProvider = options.tracerProvider;
    this.#sampleRatio = sampleRatioFrom(options.sampleRatio);
    this.#traceIdFormat = options.traceIdFormat ?? 'xray';
    this.#flush = options.flush ?? true;
  }

  /** Opens the invocation span, runs the invocation in it, ends every span and flushes. */
  public async wrapInvocation(
    info: InvocationInfo,
    fn: () => Promise<InvocationOutput>,
  ): Promise<InvocationOutput> {
    const provider = this.#tracerProvider ?? trace.getTracerProvider();
    const coldStart = this.#coldStart;
    this.#coldStart = false;
    const executionStart = toDate(info.executionStartTimestamp);
    const invocation = new InvocationTrace(
      provider.getTracer(INSTRUMENTATION_SCOPE, INSTRUMENTATION_VERSION),
      {
        executionArn: info.executionArn,
        requestId: info.requestId,
        index: estimateInvocationCountFromOperations(Object.values(info.operations)),
        first: info.isFirstInvocation,
        coldStart,
        executionStart,
        traceId: executionTraceId(info.executionArn, executionStart, this.#traceIdFormat),
        sampled: isExecutionSampled(info.executionArn, this.#sampleRatio),
      },
      {
        operations: info.operations,
        updatedCount: Object.keys(info.updatedOperations ?? {}).length,
      },
    );
    if (invocation.providerKind === 'noop') return fn();
    if (invocation.providerKind === 'foreignIdGenerator' && !this.#warnedIdGenerator) {
      this.#warnedIdGenerator = true;
      console.warn(new DurableIdGeneratorMissingError().message);
    }
    let output: InvocationOutput;
    try {
      output = await runInInvocation(invocation, () => otelContext.with(invocation.context, fn));
    } catch (error) {
      // The SDK rethrows unrecoverable errors (a failed checkpoint) so that Lambda retries.
      invocation.finish('RETRYING', asError(error));
      await this.#flushProvider(provider);
      throw error;
    }
    const end = invocation.end;
    const status = end?.status ?? output.Status;
    const error =
      status === 'FAILED'
        ? (end?.executionError ??
          errorFromOutput(output.Status === 'FAILED' ? output.Error : undefined))
        : undefined;
    invocation.finish(status, error);
    await this.#flushProvider(provider);
    return output;
  }

  /** Keeps the SDK's report of how the invocation ended, for the invocation and root spans. */
  public async onInvocationEnd(info: InvocationEndInfo): Promise<void> {
    const invocation = currentInvocation();
    if (invocation !== undefined) invocation.end = info;
  }

  /** Runs one live step attempt (or wait-for-condition check) inside its own span. */
  public wrapOperationAttemptFn(info: AttemptInfo, fn: CustomerFn): CustomerFnResult {
    const invocation = currentInvocation();
    if (invocation === undefined || info.isReplay) return fn();
    const node = invocation.startAttempt(factsOf(info), this.#parentOf(invocation, info));
    return this.#runIn(node, fn, true);
  }

  /**
   * Runs a child context's function (also each map item and parallel branch) inside its span. A child
   * context this invocation re-enters to finish gets a span only if it does live work.
   */
  public wrapChildContextFn(info: OperationInfo, fn: CustomerFn): CustomerFnResult {
    const invocation = currentInvocation();
    if (invocation === undefined) return fn();
    const node = invocation.enterChild(
      factsOf(info),
      this.#parentOf(invocation, info),
      !info.isReplay,
    );
    return this.#runIn(node, fn, false);
  }

  /**
   * Records a wait, callback or chained invoke in the invocation that first sees it complete, as a
   * span from its start to its end: the suspended interval.
   */
  public async onOperationEnd(info: OperationEndInfo): Promise<void> {
    const invocation = currentInvocation();
    if (invocation === undefined || !RESUMABLE.has(info.type)) return;
    if (!isFirstObservation(info, invocation.history)) return;
    const error = info.error;
    invocation.recordCompleted(
      factsOf(info),
      this.#parentOf(invocation, info),
      toDate(info.startTimestamp),
      toDate(info.endTimestamp),
      { outcome: info.status ?? (error === undefined ? 'SUCCEEDED' : 'FAILED'), error },
    );
  }

  /**
   * Adds `trace_id` and `span_id` of the operation running now to every record of the SDK's
   * `context.logger`.
   */
  public enrichLogContext(): Record<string, string> | undefined {
    const invocation = currentInvocation();
    if (invocation === undefined) return undefined;
    const { traceId, spanId } = invocation.spanContextFor(currentOperation());
    return { trace_id: traceId, span_id: spanId };
  }

  /** The node an operation runs under: the code's own operation, else the one its parent id names. */
  #parentOf(invocation: InvocationTrace, info: OperationInfo): OperationNode | undefined {
    const current = currentOperation();
    if (current !== undefined && current.invocation === invocation) return current;
    return invocation.childById(info.parentId);
  }

  /** Runs `fn` in `node` (async scope and OpenTelemetry context) and ends the span when it settles. */
  #runIn(node: OperationNode, fn: CustomerFn, isAttempt: boolean): CustomerFnResult {
    const { invocation } = node;
    const succeed = (): void =>
      invocation.endOperation(node, isAttempt ? { outcome: 'SUCCEEDED' } : {}, true);
    const fail = (error: unknown): void =>
      invocation.endOperation(node, { outcome: 'FAILED', error: asError(error) }, true);
    let result: CustomerFnResult;
    try {
      result = runInOperation(node, () => otelContext.with(invocation.contextOf(node), fn));
    } catch (error) {
      fail(error);
      throw error;
    }
    if (!isPromiseLike(result)) {
      succeed();
      return result;
    }
    return Promise.resolve(result).then(
      (value) => {
        succeed();
        return value;
      },
      (error: unknown) => {
        fail(error);
        throw error;
      },
    );
  }

  async #flushProvider(provider: TracerProvider): Promise<void> {
    if (!this.#flush) return;
    const flushable = flushableOf(provider);
    if (flushable === undefined) return;
    try {
      await flushable.forceFlush();
    } catch (error) {
      // Tracing must never fail the invocation.
      console.warn('Failed to flush the OpenTelemetry tracer provider.', error);
    }
  }
}

interface Flushable {
  forceFlush(): Promise<void>;
}

/** The provider's `forceFlush`, looking through the API's proxy to the SDK provider behind it. */
const flushableOf = (provider: TracerProvider): Flushable | undefined => {
  const candidate = provider as Partial<Flushable> & { getDelegate?: () => TracerProvider };
  if (typeof candidate.forceFlush === 'function') return candidate as Flushable;
  const delegate = candidate.getDelegate?.();
  return delegate !== undefined && delegate !== provider ? flushableOf(delegate) : undefined;
};

const factsOf = (info: OperationInfo): OperationFacts => ({
  id: info.id,
  name: info.name,
  type: info.type,
  subType: info.subType,
  attempt: info.attempt,
});

const sampleRatioFrom = (option: number | undefined): number => {
  if (option !== undefined) {
    if (!isRatio(option)) throw new InvalidSampleRatioError('sampleRatio', option);
    return option;
  }
  const fromEnvironment = process.env[SAMPLE_RATIO_ENV];
  if (fromEnvironment === undefined || fromEnvironment.trim() === '') return 1;
  const parsed = Number(fromEnvironment);
  if (!isRatio(parsed)) throw new InvalidSampleRatioError(SAMPLE_RATIO_ENV, fromEnvironment);
  return parsed;
};

const isRatio = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;

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
