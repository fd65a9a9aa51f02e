import type { OperationInfo } from '@aws/durable-execution-sdk-js';
import {
  currentFrame,
  type DurableInvocation,
  type DurableOperation,
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
import type { OpenTelemetrySettings } from './options.js';
import { asError, InvocationTrace, traceOfInvocation, traceSlot } from './state.js';

/** Instrumentation scope name and version of every span this package starts. */
const SCOPE = ['@durable-powertools/opentelemetry', '0.1.0'] as const;

/** Operations that suspend the execution and complete outside it: shown when they complete. */
const RESUMABLE = new Set(['WAIT', 'CALLBACK', 'CHAINED_INVOKE']);

/** The active tracing's `dispose`, on a registered symbol: two copies (ESM and CJS) see each other. */
const ACTIVE = Symbol.for('@durable-powertools/opentelemetry.active');
const registry = globalThis as { [ACTIVE]?: (() => void) | undefined };

/**
 * What every entry point does where it is built: subscribes the lifecycle hooks built with `settings`;
 * returns `dispose`. Throws {@link DurableOpenTelemetryAlreadyActiveError} while one is active.
 */
export const startTracing = (settings: OpenTelemetrySettings): (() => void) => {
  if (registry[ACTIVE] !== undefined) throw new DurableOpenTelemetryAlreadyActiveError();
  const flags = { coldStart: true, warnedIdGenerator: false, warnedRootDropped: false };
  const unsubscribe = subscribe({
    name: 'opentelemetry',
    wrapInvocation: (invocation, fn) => traceInvocation(settings, flags, invocation, fn),
    wrapChildContextFn: runIn('enterChild'),
    onChildContextEnd: endFrame,
    wrapOperationAttemptFn: runIn('startAttempt'),
    onOperationAttemptEnd: endFrame,
    onOperationEnd: recordResumable,
    enrichLogContext: (invocation, operation) => {
      const ids = traceOfInvocation(invocation)?.spanContextOf(operation);
      return ids && { trace_id: ids.traceId, span_id: ids.spanId };
    },
  });
  const dispose = (): void => {
    unsubscribe();
    if (registry[ACTIVE] === dispose) registry[ACTIVE] = undefined;
  };
  registry[ACTIVE] = dispose;
  return dispose;
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
  const { executionArn } = invocation;
  const executionStart = toDate(invocation.executionStartTimestamp);
  const incoming = incomingContext();
  const invocationTrace = new InvocationTrace(provider.getTracer(...SCOPE), {
    invocation,
    coldStart: flags.coldStart,
    executionStart,
    traceId:
      incoming?.traceId ?? executionTraceId(executionArn, executionStart, settings.traceIdFormat),
    sampled: incoming?.sampled ?? isExecutionSampled(executionArn, settings.sampleRatio),
    parentSpanId: incoming?.parentSpanId,
  });
  flags.coldStart = false;
  if (invocationTrace.providerKind === 'noop') return fn();
  if (invocationTrace.providerKind === 'foreignIdGenerator' && !flags.warnedIdGenerator) {
    flags.warnedIdGenerator = true;
    console.warn(new DurableIdGeneratorMissingError().message);
  }
  traceSlot.get(invocation).trace = invocationTrace;
  let output: T;
  try {
    output = await otelContext.with(invocationTrace.context, fn);
  } catch (error) {
    // The SDK rethrows unrecoverable errors (a failed checkpoint) so that Lambda retries.
    invocationTrace.finish('RETRYING', asError(error));
    await flushProvider(settings.flush, provider);
    throw error;
  }
  const end = invocation.end;
  const root = invocationTrace.finish(end?.status ?? 'PENDING', end?.executionError);
  if (root === 'droppedBySampler' && !flags.warnedRootDropped) {
    flags.warnedRootDropped = true;
    console.warn(new DurableRootSpanDroppedError().message);
  }
  await flushProvider(settings.flush, provider);
  return output;
};

/** A `wrap*Fn` hook: runs `fn` in the context the trace's `method` opens (as is when untraced). */
const runIn =
  (method: 'enterChild' | 'startAttempt') =>
  (operation: DurableOperation, invocation: DurableInvocation, fn: () => unknown): unknown => {
    const invocationTrace = traceOfInvocation(invocation);
    if (invocationTrace === undefined) return fn();
    return otelContext.with(invocationTrace[method](operation), fn);
  };

const endFrame = (
  operation: DurableOperation,
  invocation: DurableInvocation,
  end: OperationFrameEnd,
): void => traceOfInvocation(invocation)?.endFrame(operation, end);

/**
 * Records a wait, callback or chained invoke in the invocation that first sees it complete, as a
 * span from its start to its end: the suspended interval.
 */
const recordResumable = (info: OperationInfo, invocation: DurableInvocation): void => {
  const invocationTrace = traceOfInvocation(invocation);
  if (invocationTrace === undefined || !RESUMABLE.has(info.type)) return;
  if (info.status === undefined || info.status === 'STARTED' || info.status === 'PENDING') return;
  if (!isFirstObservation(info, invocation)) return;
  const { startTimestamp, endTimestamp } = info;
  const running = currentFrame()?.operation;
  invocationTrace.recordCompleted(info, running, toDate(startTimestamp), toDate(endTimestamp));
};

const flushProvider = async (flush: boolean, provider: TracerProvider): Promise<void> => {
  try {
    if (flush) await flushableOf(provider)?.forceFlush();
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

/**
 * Whether this invocation is the first to see a wait, callback or chained invoke complete, so that it,
 * and no later one, emits the operation's span. The SDK says so with `isReplay: false`. When the input
 * lists no updated operation at all (the SDK's local test runner 1.1.x never fills it in), every
 * completion has `isReplay: true`, and the checkpoint history decides: its context was blocked on it,
 * so if no operation of that context started after it completed (after it started, without an end
 * time), no invocation has run the context past it yet.
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
