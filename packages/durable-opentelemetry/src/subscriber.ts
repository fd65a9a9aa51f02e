import type { OperationInfo } from '@aws/durable-execution-sdk-js';
import {
  currentFrame,
  type DurableInvocation,
  type DurableOperation,
  type DurableSubscriber,
  type OperationFrameEnd,
  subscribe,
} from '@durable-powertools/commons';
import { context as otelContext, type TracerProvider, trace } from '@opentelemetry/api';
import {
  DurableIdGeneratorMissingError,
  DurableOpenTelemetryAlreadyActiveError,
  DurableRootSpanDroppedError,
} from './errors.js';
import { executionTraceId, isExecutionSampled } from './ids/derive.js';
import { incomingContext } from './ids/incoming.js';
import {
  type DurableOpenTelemetryOptions,
  type OpenTelemetrySettings,
  resolveOptions,
} from './options.js';
import { attachTrace, InvocationTrace, nodeOf, type Outcome, traceOfInvocation } from './state.js';

/** Instrumentation scope name and version of every span this package starts. */
const SCOPE = ['@durable-powertools/opentelemetry', '0.1.0'] as const;

/** Operations that suspend the execution and complete outside it: shown when they complete. */
const RESUMABLE = new Set(['WAIT', 'CALLBACK', 'CHAINED_INVOKE']);

/**
 * The active tracing, on a registered symbol so that two copies of this package (ESM and CJS) see
 * each other.
 */
const ACTIVE = Symbol.for('@durable-powertools/opentelemetry.active');
const registry = globalThis as { [ACTIVE]?: DurableOpenTelemetryTracing | undefined };

/** What `durableOpenTelemetry()` returns: the running tracing, to stop it. */
export interface DurableOpenTelemetryTracing {
  /** Stops tracing: later invocations get no spans. */
  dispose(): void;
}

/**
 * OpenTelemetry tracing for durable executions: ONE trace per execution, however many invocations,
 * days apart, it takes, the trace the invocations arrive with (X-Ray `Root`/`Parent`/`Sampled`, else a
 * W3C `traceparent`), else one derived from the execution ARN. Call it once, next to your tracer
 * provider (options are checked here); it follows every invocation through the suite's lifecycle
 * core, so the one `DurablePowertoolsPlugin` must be registered. Spans: `invocation <n>` (under its
 * Lambda segment, else under the execution's root span), one per live attempt, child context and
 * resumed wait/callback/invoke, and the root `execution <name>`, exported once (this needs
 * {@link DurableIdGenerator}). Log records get `trace_id` and `span_id`.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { durableOpenTelemetry, DurablePowertoolsPlugin } from '@durable-powertools/opentelemetry';
 *
 * durableOpenTelemetry(); // the global tracer provider
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
export const durableOpenTelemetry = (
  options: DurableOpenTelemetryOptions = {},
): DurableOpenTelemetryTracing => {
  const settings = resolveOptions(options);
  if (registry[ACTIVE] !== undefined) throw new DurableOpenTelemetryAlreadyActiveError();
  const unsubscribe = subscribe(subscriberFor(settings));
  const tracing: DurableOpenTelemetryTracing = {
    dispose: () => {
      unsubscribe();
      if (registry[ACTIVE] === tracing) registry[ACTIVE] = undefined;
    },
  };
  registry[ACTIVE] = tracing;
  return tracing;
};

/** The lifecycle hooks, with the settings they were built with and the process-wide flags. */
const subscriberFor = (settings: OpenTelemetrySettings): DurableSubscriber => {
  const flags = { coldStart: true, warnedIdGenerator: false, warnedRootDropped: false };
  return {
    name: 'opentelemetry',
    wrapInvocation: (invocation, fn) => traceInvocation(settings, flags, invocation, fn),
    wrapChildContextFn: enterChild,
    onChildContextEnd: endFrame,
    wrapOperationAttemptFn: startAttempt,
    onOperationAttemptEnd: endFrame,
    onOperationEnd: recordResumable,
    enrichLogContext: (invocation, operation) => {
      const invocationTrace = traceOfInvocation(invocation);
      if (invocationTrace === undefined) return undefined;
      const { traceId, spanId } = invocationTrace.spanContextFor(
        nodeOf(invocationTrace, operation),
      );
      return { trace_id: traceId, span_id: spanId };
    },
  };
};

/** Per subscription: the next invocation is a cold start; a warning was written. */
type ProcessFlags = Record<'coldStart' | 'warnedIdGenerator' | 'warnedRootDropped', boolean>;

/** Opens the invocation span, runs the invocation in it, ends every span and flushes. */
const traceInvocation = async <T>(
  settings: OpenTelemetrySettings,
  flags: ProcessFlags,
  invocation: DurableInvocation,
  fn: () => Promise<T>,
): Promise<T> => {
  const provider = settings.tracerProvider ?? trace.getTracerProvider();
  const coldStart = flags.coldStart;
  flags.coldStart = false;
  const { executionArn } = invocation;
  const executionStart = toDate(invocation.executionStartTimestamp);
  const incoming = incomingContext();
  const invocationTrace = new InvocationTrace(provider.getTracer(...SCOPE), {
    invocation,
    coldStart,
    executionStart,
    traceId:
      incoming?.traceId ?? executionTraceId(executionArn, executionStart, settings.traceIdFormat),
    sampled: incoming?.sampled ?? isExecutionSampled(executionArn, settings.sampleRatio),
    parentSpanId: incoming?.parentSpanId,
  });
  if (invocationTrace.providerKind === 'noop') return fn();
  if (invocationTrace.providerKind === 'foreignIdGenerator' && !flags.warnedIdGenerator) {
    flags.warnedIdGenerator = true;
    console.warn(new DurableIdGeneratorMissingError().message);
  }
  attachTrace(invocation, invocationTrace);
  let output: T;
  try {
    output = await otelContext.with(invocationTrace.context, fn);
  } catch (error) {
    // The SDK rethrows unrecoverable errors (a failed checkpoint) so that Lambda retries.
    invocationTrace.finish('RETRYING', asError(error));
    await flushProvider(settings, provider);
    throw error;
  }
  const end = invocation.end;
  const root = invocationTrace.finish(end?.status ?? 'PENDING', end?.executionError);
  if (root === 'droppedBySampler' && !flags.warnedRootDropped) {
    flags.warnedRootDropped = true;
    console.warn(new DurableRootSpanDroppedError().message);
  }
  await flushProvider(settings, provider);
  return output;
};

/**
 * Runs a child context's function (also each map item and parallel branch). A child context the
 * invocation re-enters to finish gets a span only once it does live work; one that only rebuilds
 * a parent finished earlier gets none.
 */
const enterChild = (
  operation: DurableOperation,
  invocation: DurableInvocation,
  fn: () => unknown,
): unknown => {
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
    operation,
    parent,
    !operation.replaying && !operation.virtual,
    operation.replaying && (parentStatus === 'SUCCEEDED' || parentStatus === 'FAILED'),
  );
  return otelContext.with(invocationTrace.activeContextOf(node), fn);
};

/** Runs one live step attempt (or wait-for-condition check) inside its own span. */
const startAttempt = (
  operation: DurableOperation,
  invocation: DurableInvocation,
  fn: () => unknown,
): unknown => {
  const invocationTrace = traceOfInvocation(invocation);
  if (invocationTrace === undefined) return fn();
  const node = invocationTrace.startAttempt(
    operation,
    operation,
    nodeOf(invocationTrace, operation.parent),
  );
  return otelContext.with(invocationTrace.contextOf(node), fn);
};

const endFrame = (
  operation: DurableOperation,
  invocation: DurableInvocation,
  { failed, error }: OperationFrameEnd,
): void => {
  const invocationTrace = traceOfInvocation(invocation);
  const node = invocationTrace?.nodeFor(operation);
  if (invocationTrace === undefined || node === undefined) return;
  const outcome: Outcome = failed
    ? { outcome: 'FAILED', error: asError(error) }
    : { outcome: 'SUCCEEDED' };
  // A child context that completes does live work (it checkpoints its result): it gets a span. A
  // virtual (FLAT) item checkpoints nothing: only live work inside it gives it one.
  invocationTrace.endOperation(node, outcome, !operation.virtual);
};

/**
 * Records a wait, callback or chained invoke in the invocation that first sees it complete, as a
 * span from its start to its end: the suspended interval.
 */
const recordResumable = (info: OperationInfo, invocation: DurableInvocation): void => {
  const invocationTrace = traceOfInvocation(invocation);
  if (invocationTrace === undefined || !RESUMABLE.has(info.type)) return;
  if (info.status === undefined || info.status === 'STARTED' || info.status === 'PENDING') return;
  if (!isFirstObservation(info, invocation)) return;
  const parent =
    nodeOf(invocationTrace, currentFrame()?.operation) ?? invocationTrace.childById(info.parentId);
  invocationTrace.recordCompleted(
    info,
    parent,
    toDate(info.startTimestamp),
    toDate(info.endTimestamp),
    { outcome: info.status, error: info.error },
  );
};

const flushProvider = async (
  settings: OpenTelemetrySettings,
  provider: TracerProvider,
): Promise<void> => {
  const flushable = settings.flush ? flushableOf(provider) : undefined;
  try {
    await flushable?.forceFlush();
  } catch (error) {
    // Tracing must never fail the invocation.
    console.warn('Failed to flush the OpenTelemetry tracer provider.', error);
  }
};

type Flushable = { forceFlush(): Promise<void> };

/** The provider's `forceFlush`, looking through the API's proxy to the SDK provider behind it. */
const flushableOf = (provider: TracerProvider): Flushable | undefined => {
  const candidate = provider as Partial<Flushable> & { getDelegate?: () => TracerProvider };
  if (typeof candidate.forceFlush === 'function') return candidate as Flushable;
  const delegate = candidate.getDelegate?.();
  return delegate !== undefined && delegate !== provider ? flushableOf(delegate) : undefined;
};

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));

/**
 * Whether this invocation is the first to see a wait, callback or chained invoke complete, so that it,
 * and no later one, emits the operation's span.
 *
 * The SDK says so with `isReplay: false`, from the `UpdatedOperationIds` of the invocation input. When
 * the input lists no updated operation at all (the SDK's local test runner 1.1.x never fills it in),
 * `isReplay` is `true` for every completion, and the checkpoint history decides instead: the
 * operation's context was blocked on it until it completed, so if no operation of the same context
 * started after it completed (after it started, when the end time is not recorded), no invocation
 * has run that context past it yet.
 */
export const isFirstObservation = (
  info: OperationInfo,
  history: Pick<DurableInvocation, 'operations' | 'updatedOperations'>,
): boolean => {
  if (!info.isReplay) return true;
  if (Object.keys(history.updatedOperations).length > 0) return false;
  const since = toMillis(info.endTimestamp) ?? toMillis(info.startTimestamp);
  if (since === undefined) return false;
  for (const operation of Object.values(history.operations)) {
    if (operation.id === info.id || operation.parentId !== info.parentId) continue;
    if (operation.type === 'EXECUTION') continue;
    const started = toMillis(operation.startTimestamp);
    if (started !== undefined && started > since) return false;
  }
  return true;
};

/** Milliseconds since the epoch of a timestamp the SDK hands over (a `Date`, or its JSON form). */
const toMillis = (value: unknown): number | undefined => {
  const dated = value instanceof Date || typeof value === 'string' || typeof value === 'number';
  const millis = dated ? new Date(value).getTime() : Number.NaN;
  return Number.isNaN(millis) ? undefined : millis;
};

/** The same timestamp as a `Date`. */
const toDate = (value: unknown): Date | undefined => {
  const millis = toMillis(value);
  return millis === undefined ? undefined : new Date(millis);
};
