import type { OperationInfo } from '@aws/durable-execution-sdk-js';
import {
  type LifecycleInvocation,
  type LifecycleOperation,
  type LifecycleSubscriber,
  type OperationFrameEnd,
  subscribeLifecycle,
} from '@durable-powertools/commons';
import { context as otelContext, type TracerProvider, trace } from '@opentelemetry/api';
import { INSTRUMENTATION_SCOPE, INSTRUMENTATION_VERSION, SAMPLE_RATIO_ENV } from './constants.js';
import {
  DurableIdGeneratorMissingError,
  DurableOpenTelemetryAlreadyActiveError,
  DurableRootSpanDroppedError,
  InvalidSampleRatioError,
} from './errors.js';
import { executionTraceId, isExecutionSampled, type TraceIdFormat } from './ids.js';
import { InvocationTrace, type OperationFacts, type Outcome } from './invocationTrace.js';
import { attachTrace, currentNode, nodeOf, traceOfInvocation } from './lifecycle.js';
import { isFirstObservation, toDate } from './resumption.js';
import type { DurableOpenTelemetryOptions } from './types/options.js';

/**
 * The active instance, on a registered symbol so that two copies of this package (ESM and CJS) see
 * each other: configuration, not per-invocation state.
 */
const ACTIVE = Symbol.for('@durable-powertools/opentelemetry.active');
const registry = globalThis as { [ACTIVE]?: DurableOpenTelemetry | undefined };

/** Operations that suspend the execution and complete outside it: shown when they complete. */
const RESUMABLE = new Set(['WAIT', 'CALLBACK', 'CHAINED_INVOKE']);

/**
 * OpenTelemetry tracing for durable executions: ONE trace per execution, however many invocations,
 * days apart, it takes. Create it once, next to your tracer provider; it follows every invocation
 * through the suite's lifecycle core, so the one `DurablePowertoolsPlugin` must be registered.
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
 * - Log records get `trace_id` and `span_id` of the operation they are written in: the SDK's
 *   `context.logger` and the durable logger.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { DurableOpenTelemetry, DurablePowertoolsPlugin } from '@durable-powertools/opentelemetry';
 *
 * new DurableOpenTelemetry({ sampleRatio: 0.5 }); // uses the global tracer provider
 *
 * export const handler = withDurableExecution(
 *   async (event, context) => {
 *     await context.step('reserve', async () => reserve(event));
 *     await context.wait({ minutes: 5 });
 *     return context.step('charge', async () => charge(event));
 *   },
 *   { plugins: [new DurablePowertoolsPlugin()] },
 * );
 * ```
 */
export class DurableOpenTelemetry {
  readonly #tracerProvider: TracerProvider | undefined;
  readonly #sampleRatio: number;
  readonly #traceIdFormat: TraceIdFormat;
  readonly #flush: boolean;
  readonly #unsubscribe: () => void;
  #coldStart = true;
  #warnedIdGenerator = false;
  #warnedRootDropped = false;

  public constructor(options: DurableOpenTelemetryOptions = {}) {
    this.#tracerProvider = options.tracerProvider;
    this.#sampleRatio = sampleRatioFrom(options.sampleRatio);
    this.#traceIdFormat = options.traceIdFormat ?? 'xray';
    this.#flush = options.flush ?? true;
    if (registry[ACTIVE] !== undefined) throw new DurableOpenTelemetryAlreadyActiveError();
    registry[ACTIVE] = this;
    this.#unsubscribe = subscribeLifecycle(this.#subscriber());
  }

  /** Stops tracing: later invocations get no spans from this instance. */
  public dispose(): void {
    this.#unsubscribe();
    if (registry[ACTIVE] === this) registry[ACTIVE] = undefined;
  }

  #subscriber(): LifecycleSubscriber {
    return {
      name: 'opentelemetry',
      wrapInvocation: (invocation, fn) => this.#traceInvocation(invocation, fn),
      wrapChildContext: (operation, invocation, fn) => this.#enterChild(operation, invocation, fn),
      childContextEnd: (operation, invocation, outcome) =>
        this.#endFrame(operation, invocation, outcome),
      wrapAttempt: (operation, invocation, fn) => this.#startAttempt(operation, invocation, fn),
      attemptEnd: (operation, invocation, outcome) =>
        this.#endFrame(operation, invocation, outcome),
      operationEnd: (info, invocation) => this.#recordResumable(info, invocation),
      logKeys: (invocation) => {
        const invocationTrace = traceOfInvocation(invocation);
        if (invocationTrace === undefined) return undefined;
        const { traceId, spanId } = invocationTrace.spanContextFor(currentNode(invocationTrace));
        return { trace_id: traceId, span_id: spanId };
      },
    };
  }

  /** Opens the invocation span, runs the invocation in it, ends every span and flushes. */
  async #traceInvocation<T>(invocation: LifecycleInvocation, fn: () => Promise<T>): Promise<T> {
    const provider = this.#tracerProvider ?? trace.getTracerProvider();
    const coldStart = this.#coldStart;
    this.#coldStart = false;
    const { executionArn } = invocation;
    const executionStart = toDate(invocation.executionStartTimestamp);
    const invocationTrace = new InvocationTrace(
      provider.getTracer(INSTRUMENTATION_SCOPE, INSTRUMENTATION_VERSION),
      {
        executionArn,
        requestId: invocation.requestId,
        index: invocation.index,
        first: invocation.isFirstInvocation,
        coldStart,
        executionStart,
        traceId: executionTraceId(executionArn, executionStart, this.#traceIdFormat),
        sampled: isExecutionSampled(executionArn, this.#sampleRatio),
      },
      {
        operations: invocation.operations,
        updatedCount: Object.keys(invocation.updatedOperations).length,
      },
    );
    if (invocationTrace.providerKind === 'noop') return fn();
    if (invocationTrace.providerKind === 'foreignIdGenerator' && !this.#warnedIdGenerator) {
      this.#warnedIdGenerator = true;
      console.warn(new DurableIdGeneratorMissingError().message);
    }
    attachTrace(invocation, invocationTrace);
    let output: T;
    try {
      output = await otelContext.with(invocationTrace.context, fn);
    } catch (error) {
      // The SDK rethrows unrecoverable errors (a failed checkpoint) so that Lambda retries.
      invocationTrace.finish('RETRYING', asError(error));
      await this.#flushProvider(provider);
      throw error;
    }
    const end = invocation.end;
    const root = invocationTrace.finish(end?.status ?? 'PENDING', end?.executionError);
    if (root === 'droppedBySampler' && !this.#warnedRootDropped) {
      this.#warnedRootDropped = true;
      console.warn(new DurableRootSpanDroppedError().message);
    }
    await this.#flushProvider(provider);
    return output;
  }

  /**
   * Runs a child context's function (also each map item and parallel branch). A child context the
   * invocation re-enters to finish gets a span only once it does live work; one that only rebuilds
   * a parent finished earlier gets none.
   */
  #enterChild(
    operation: LifecycleOperation,
    invocation: LifecycleInvocation,
    fn: () => unknown,
  ): unknown {
    const invocationTrace = traceOfInvocation(invocation);
    if (invocationTrace === undefined) return fn();
    const parent = nodeOf(invocationTrace, operation.parent);
    const parentStatus =
      operation.parentId === undefined
        ? undefined
        : invocation.operations[operation.parentId]?.status;
    // A virtual (FLAT) item re-runs from its top whenever its ancestor re-runs: its span starts only
    // with live work inside it, never just because its code runs.
    const node = invocationTrace.enterChild(
      operation,
      factsOf(operation),
      parent,
      !operation.replaying && !operation.virtual,
      operation.replaying && (parentStatus === 'SUCCEEDED' || parentStatus === 'FAILED'),
    );
    return otelContext.with(invocationTrace.activeContextOf(node), fn);
  }

  /** Runs one live step attempt (or wait-for-condition check) inside its own span. */
  #startAttempt(
    operation: LifecycleOperation,
    invocation: LifecycleInvocation,
    fn: () => unknown,
  ): unknown {
    const invocationTrace = traceOfInvocation(invocation);
    if (invocationTrace === undefined) return fn();
    const node = invocationTrace.startAttempt(
      operation,
      factsOf(operation),
      nodeOf(invocationTrace, operation.parent),
    );
    return otelContext.with(invocationTrace.contextOf(node), fn);
  }

  #endFrame(
    operation: LifecycleOperation,
    invocation: LifecycleInvocation,
    { failed, error }: OperationFrameEnd,
  ): void {
    const invocationTrace = traceOfInvocation(invocation);
    const node = invocationTrace?.nodeFor(operation);
    if (invocationTrace === undefined || node === undefined) return;
    const outcome: Outcome = failed
      ? { outcome: 'FAILED', error: asError(error) }
      : { outcome: 'SUCCEEDED' };
    // A child context that completes does live work (it checkpoints its result): it gets a span. A
    // virtual (FLAT) item checkpoints nothing: only live work inside it gives it one.
    invocationTrace.endOperation(node, outcome, !operation.virtual);
  }

  /**
   * Records a wait, callback or chained invoke in the invocation that first sees it complete, as a
   * span from its start to its end: the suspended interval.
   */
  #recordResumable(info: OperationInfo, invocation: LifecycleInvocation): void {
    const invocationTrace = traceOfInvocation(invocation);
    if (invocationTrace === undefined || !RESUMABLE.has(info.type)) return;
    if (info.status === undefined || info.status === 'STARTED' || info.status === 'PENDING') return;
    if (!isFirstObservation(info, invocationTrace.history)) return;
    const parent = currentNode(invocationTrace) ?? invocationTrace.childById(info.parentId);
    invocationTrace.recordCompleted(
      factsOf(info),
      parent,
      toDate(info.startTimestamp),
      toDate(info.endTimestamp),
      { outcome: info.status, error: info.error },
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

const factsOf = (info: {
  id: string;
  name?: string | undefined;
  type: string;
  subType?: string | undefined;
  attempt?: number | undefined;
}): OperationFacts => ({
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

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));
