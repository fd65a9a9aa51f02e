import type { OperationInfo } from '@aws/durable-execution-sdk-js';
import {
  currentFrame,
  type DurableInvocation,
  type DurableOperation,
  defineSlot,
  type OperationFrameEnd,
} from '@durable-powertools/commons';
import {
  type Attributes,
  type Context,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { executionRootSpanId, randomSpanId } from './ids/derive.js';
import { withPinnedIds } from './ids/generator.js';

/**
 * Attribute keys this package writes on its spans. `faas.*` keys follow the OpenTelemetry semantic
 * conventions; the `durable.*` keys are this package's own.
 *
 * @example
 * ```ts
 * import { DURABLE_SPAN_ATTRIBUTES } from '@durable-powertools/opentelemetry';
 *
 * const query = `{ span.${DURABLE_SPAN_ATTRIBUTES.executionArn} = "${executionArn}" }`;
 * ```
 */
export const DURABLE_SPAN_ATTRIBUTES = {
  /** ARN of the durable execution, on the root and every invocation span. */
  executionArn: 'durable.execution.arn',
  /** How the execution ended (`SUCCEEDED` or `FAILED`), on the root span. */
  executionStatus: 'durable.execution.status',
  /** Invocations the execution took (estimated from the checkpoint history), on the root span. */
  executionInvocations: 'durable.execution.invocations',
  /** 1-based number of the invocation within its execution (estimated from the checkpoint history). */
  invocationIndex: 'durable.invocation.index',
  /** `true` on the invocation that started the execution, `false` on every replaying one. */
  firstInvocation: 'durable.invocation.first',
  /** How the invocation ended: `PENDING` (suspended), `SUCCEEDED`, `FAILED` or `RETRYING`. */
  invocationStatus: 'durable.invocation.status',
  /** First invocation in this execution environment. */
  coldStart: 'faas.coldstart',
  /** Lambda request id of the invocation. */
  invocationId: 'faas.invocation_id',
  /** Id of the durable operation (as the SDK's plugin API reports it). */
  operationId: 'durable.operation.id',
  /** Name given to the operation, if any. */
  operationName: 'durable.operation.name',
  /** `STEP`, `WAIT`, `CALLBACK`, `CHAINED_INVOKE` or `CONTEXT`. */
  operationType: 'durable.operation.type',
  /** `Step`, `Wait`, `RunInChildContext`, `Map`, `MapIteration`, `Parallel`, `ParallelBranch`, … */
  operationSubType: 'durable.operation.subtype',
  /** 1-based attempt number of a step attempt (or wait-for-condition check). */
  attempt: 'durable.operation.attempt',
  /** `SUCCEEDED` or `FAILED` for an attempt; the operation's status for a wait, callback or invoke. */
  outcome: 'durable.operation.outcome',
  /** `true` on a span the invocation ended because the execution suspended while it was open. */
  suspended: 'durable.suspended',
} as const;
const A = DURABLE_SPAN_ATTRIBUTES;

/** What the subscriber decided about an invocation when it started. */
export interface InvocationDescription {
  readonly invocation: DurableInvocation;
  readonly coldStart: boolean;
  /** When the execution started (its first invocation), as the backend reports it. */
  readonly executionStart: Date | undefined;
  /** The execution's trace id: the incoming `Root` (or `traceparent`), else derived from the ARN. */
  readonly traceId: string;
  readonly sampled: boolean;
  /** The invocation span's parent: its Lambda segment (X-Ray `Parent`), else the execution's root span. */
  readonly parentSpanId: string | undefined;
}

/** What became of the execution's root span when the invocation finished. */
export type RootOutcome = 'none' | 'exported' | 'droppedBySampler';

/** What a span needs to know about the durable operation it stands for (an SDK `OperationInfo` or a core frame). */
type OperationFacts = Pick<OperationInfo, 'id' | 'name' | 'type' | 'subType' | 'attempt'>;

/**
 * A step attempt or a child context (map/parallel branches included) running in this invocation.
 * Its span is started when it first has to exist: at once for live work, and for a child context that
 * this invocation re-enters to finish (replaying what it did before), only once something live
 * happens inside it. A child context that only replays gets no span.
 */
export interface OperationNode {
  readonly parent: OperationNode | undefined;
  readonly facts: OperationFacts;
  /** Only rebuilds a parent finished earlier (FLAT items, summarised results): never gets a span. */
  readonly rebuild: boolean;
  readonly startTime: Date;
  span?: Span;
  ended: boolean;
}

/** How an operation or invocation ended, for its span. */
interface Outcome {
  readonly outcome?: string;
  readonly error?: Error | undefined;
}

/**
 * The spans of one invocation of a durable execution: the invocation span (child of the invocation's
 * Lambda segment when it arrived with an X-Ray `Parent`, else of the execution's root span, by its
 * deterministic id), the operation spans under it, and, when the execution ends, the root span
 * itself. Lives exactly as long as the invocation.
 */
export class InvocationTrace {
  public readonly description: InvocationDescription;
  /** How the tracer provider treated the invocation span: tells whether it is usable at all. */
  public readonly providerKind: 'durable' | 'foreignIdGenerator' | 'noop';
  /** The OpenTelemetry context code of the invocation's top level runs in. */
  public readonly context: Context;
  readonly #tracer: Tracer;
  readonly #rootSpanId: string;
  readonly #invocationSpan: Span;
  readonly #open = new Set<OperationNode>();
  /** Child contexts of this invocation by operation id, to resolve a parent id to its node. */
  readonly #children = new Map<string, OperationNode>();
  /** Nodes by the lifecycle core's operation frame objects. */
  readonly #frames = new WeakMap<object, OperationNode>();
  #finished = false;

  public constructor(tracer: Tracer, description: InvocationDescription) {
    this.description = description;
    const { invocation } = description;
    this.#tracer = tracer;
    this.#rootSpanId = executionRootSpanId(invocation.executionArn);
    const { traceId, parentSpanId = this.#rootSpanId } = description;
    const traceFlags = description.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE;
    const parent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId,
      spanId: parentSpanId,
      traceFlags,
      isRemote: true,
    });
    // Under a Lambda segment, the execution's root span is not an ancestor: link to it.
    const links =
      parentSpanId === this.#rootSpanId
        ? []
        : [{ context: { traceId, spanId: this.#rootSpanId, traceFlags, isRemote: true } }];
    // A span id of our own choosing: if the provider hands it out, its id generator is ours.
    const pinned = randomSpanId();
    this.#invocationSpan = withPinnedIds({ spanId: pinned }, () =>
      tracer.startSpan(
        `invocation ${invocation.index}`,
        {
          kind: SpanKind.SERVER,
          attributes: {
            [A.executionArn]: invocation.executionArn,
            [A.invocationIndex]: invocation.index,
            [A.firstInvocation]: invocation.isFirstInvocation,
            [A.coldStart]: description.coldStart,
            [A.invocationId]: invocation.requestId,
          },
          links,
        },
        parent,
      ),
    );
    const { spanId } = this.#invocationSpan.spanContext();
    this.providerKind =
      spanId === pinned
        ? 'durable'
        : !this.#invocationSpan.isRecording() && spanId === parentSpanId
          ? 'noop'
          : 'foreignIdGenerator';
    this.context = trace.setSpan(ROOT_CONTEXT, this.#invocationSpan);
  }

  /**
   * Enters a child context (also each map item and parallel branch); returns the context its code
   * runs in: the innermost started span. A child context the invocation re-enters to finish gets a
   * span only once it does live work; one that only rebuilds a parent finished earlier gets none.
   */
  public enterChild(operation: DurableOperation): Context {
    const parent = this.#nodeOf(operation.parent);
    const parentStatus =
      operation.parentId === undefined
        ? undefined
        : this.description.invocation.operations[operation.parentId]?.status;
    const rebuild =
      operation.replaying && (parentStatus === 'SUCCEEDED' || parentStatus === 'FAILED');
    const node = this.#node(operation, parent, rebuild || parent?.rebuild === true);
    this.#children.set(operation.id, node);
    // A virtual (FLAT) item re-runs from its top whenever its ancestor re-runs: its span starts only
    // with live work inside it, never just because its code runs.
    if (!operation.replaying && !operation.virtual && !node.rebuild) this.#materialize(node);
    const span = nearest(node, (current) => current.span !== undefined)?.span;
    return span === undefined ? this.context : trace.setSpan(ROOT_CONTEXT, span);
  }

  /** Opens the span of a live step attempt (or wait-for-condition check); returns its context. */
  public startAttempt(operation: DurableOperation): Context {
    const node = this.#node(operation, this.#nodeOf(operation.parent), false);
    return trace.setSpan(ROOT_CONTEXT, this.#materialize(node));
  }

  /** Ends the span of an attempt or child context whose function settled. */
  public endFrame(operation: DurableOperation, { failed, error }: OperationFrameEnd): void {
    const node = this.#frames.get(operation);
    if (node === undefined) return;
    const outcome = failed
      ? { outcome: 'FAILED', error: asError(error) }
      : { outcome: 'SUCCEEDED' };
    // A child context that completes does live work (it checkpoints its result): it gets a span. A
    // virtual (FLAT) item checkpoints nothing: only live work inside it gives it one.
    this.#endOperation(node, outcome, !operation.virtual);
  }

  /**
   * Records a wait, callback or chained invoke that completed, as a span covering it from its start
   * (often in an earlier invocation) to its end, under the frame running now (else its parent
   * context): emitted by the invocation that sees it complete.
   */
  public recordCompleted(
    info: OperationInfo,
    running: DurableOperation | undefined,
    startTime: Date | undefined,
    endTime: Date | undefined,
  ): void {
    const parent =
      this.#nodeOf(running) ??
      (info.parentId === undefined ? undefined : this.#children.get(info.parentId));
    const end = endTime ?? new Date();
    const span = this.#tracer.startSpan(
      spanName(info),
      { kind: SpanKind.INTERNAL, startTime: startTime ?? end, attributes: attributesOf(info) },
      this.#contextOf(parent),
    );
    finishSpan(span, { outcome: info.status, error: info.error });
    span.end(end);
  }

  /** The span context logs written in `operation` belong to: its innermost open span, else the invocation's. */
  public spanContextOf(operation: DurableOperation | undefined): SpanContext {
    const open = nearest(this.#nodeOf(operation), (node) => node.span !== undefined && !node.ended);
    return (open?.span ?? this.#invocationSpan).spanContext();
  }

  /**
   * Ends every span of the invocation: operations left open by the suspension (marked
   * `durable.suspended`), then the invocation span with its status; when the execution ended, starts
   * and ends its root span, with the execution's real start. Says what became of the root span.
   */
  public finish(status: string, error: Error | undefined): RootOutcome {
    if (this.#finished) return 'none';
    this.#finished = true;
    for (const node of [...this.#open].reverse()) {
      node.span?.setAttribute(A.suspended, true);
      this.#endOperation(node, {}, false);
    }
    const span = this.#invocationSpan;
    span.setAttribute(A.invocationStatus, status);
    if (error !== undefined) recordError(span, error);
    span.end();
    const { description } = this;
    const ended = status === 'SUCCEEDED' || status === 'FAILED';
    if (!ended || !description.sampled || this.providerKind !== 'durable') return 'none';
    const { executionArn, index } = description.invocation;
    const root = withPinnedIds({ traceId: description.traceId, spanId: this.#rootSpanId }, () =>
      this.#tracer.startSpan(executionSpanName(executionArn), {
        root: true,
        kind: SpanKind.SERVER,
        startTime: description.executionStart ?? new Date(),
        attributes: {
          [A.executionArn]: executionArn,
          [A.executionStatus]: status,
          [A.executionInvocations]: index,
        },
      }),
    );
    const ids = root.spanContext();
    // Never export a root under ids nobody parents to (a sampler that dropped it, a foreign provider).
    if (ids.spanId !== this.#rootSpanId || ids.traceId !== description.traceId) return 'none';
    // The provider's root sampler decides a span without a parent: it may disagree with sampleRatio.
    if (!root.isRecording()) return 'droppedBySampler';
    if (error !== undefined) recordError(root, error);
    root.end();
    return 'exported';
  }

  /** The node of `operation`'s frame, or of its nearest enclosing frame this invocation made one for. */
  #nodeOf(operation: DurableOperation | undefined): OperationNode | undefined {
    const frame = nearest(operation, (candidate) => this.#frames.has(candidate));
    return frame && this.#frames.get(frame);
  }

  /** The OpenTelemetry context of `node`'s span (started now if needed), or the invocation's. */
  #contextOf(node: OperationNode | undefined): Context {
    const live = nearest(node, (current) => !current.rebuild);
    return live === undefined ? this.context : trace.setSpan(ROOT_CONTEXT, this.#materialize(live));
  }

  /** Ends `node`'s span. `materialize`: the ending itself is live work (a child context completing). */
  #endOperation(node: OperationNode, outcome: Outcome, materialize: boolean): void {
    if (node.ended) return;
    node.ended = true;
    const span = materialize && !node.rebuild ? this.#materialize(node) : node.span;
    this.#open.delete(node);
    if (span === undefined) return;
    finishSpan(span, outcome);
    span.end();
  }

  #node(facts: OperationFacts, parent: OperationNode | undefined, rebuild: boolean): OperationNode {
    const node: OperationNode = { parent, facts, rebuild, startTime: new Date(), ended: false };
    this.#frames.set(facts, node);
    return node;
  }

  #materialize(node: OperationNode): Span {
    if (node.span !== undefined) return node.span;
    const span = this.#tracer.startSpan(
      spanName(node.facts),
      { kind: SpanKind.INTERNAL, startTime: node.startTime, attributes: attributesOf(node.facts) },
      this.#contextOf(node.parent),
    );
    node.span = span;
    if (!node.ended) this.#open.add(node);
    return span;
  }
}

/** `start` or its nearest ancestor that passes `test`. */
const nearest = <T extends { readonly parent: T | undefined }>(
  start: T | undefined,
  test: (candidate: T) => boolean,
): T | undefined => {
  let current = start;
  while (current !== undefined && !test(current)) current = current.parent;
  return current;
};

const spanName = (facts: OperationFacts): string =>
  facts.name ?? facts.subType ?? facts.type.toLowerCase();

const attributesOf = (facts: OperationFacts): Attributes => {
  const attributes: Attributes = { [A.operationId]: facts.id, [A.operationType]: facts.type };
  if (facts.name !== undefined) attributes[A.operationName] = facts.name;
  if (facts.subType !== undefined) attributes[A.operationSubType] = facts.subType;
  if (facts.attempt !== undefined) attributes[A.attempt] = facts.attempt;
  return attributes;
};

const finishSpan = (span: Span, { outcome, error }: Outcome): void => {
  if (outcome !== undefined) span.setAttribute(A.outcome, outcome);
  if (error !== undefined) recordError(span, error);
};

/** `error` as an `Error`, for a span's exception. */
export const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));

const recordError = (span: Span, error: Error): void => {
  span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
};

/** `execution <name>` from `…/durable-execution/<name>/<id>`, or `execution`. */
const executionSpanName = (executionArn: string): string => {
  const match = /\/durable-execution\/([^/]+)\//.exec(executionArn);
  return match?.[1] === undefined ? 'execution' : `execution ${match[1]}`;
};

/** The invocation's spans, in the invocation's slot (shared by two copies of this package). */
export const traceSlot = defineSlot<{ trace?: InvocationTrace }>(
  '@durable-powertools/opentelemetry.invocationTrace',
  () => ({}),
);

/** The trace of `invocation`, if this package traces it. */
export const traceOfInvocation = (invocation: DurableInvocation): InvocationTrace | undefined =>
  traceSlot.peek(invocation)?.trace;

/** The trace a log record written now belongs to. */
export interface DurableTraceContext {
  /** The execution's trace id (the same in every invocation). */
  readonly traceId: string;
  /** The span of the operation running now (attempt or child context), else of the invocation. */
  readonly spanId: string;
  /** Whether the execution is sampled. */
  readonly sampled: boolean;
}

/**
 * Trace id and span id of the durable operation running now, for your own log correlation: the
 * innermost live step attempt or child context, else the invocation. `undefined` outside an
 * invocation that `durableOpenTelemetry()` traces. (The SDK's `context.logger` and the durable
 * logger add them to every record already.)
 *
 * @example
 * ```ts
 * import { currentTraceContext } from '@durable-powertools/opentelemetry';
 *
 * await context.step('charge', async () => {
 *   const ids = currentTraceContext();
 *   await fetch(url, { headers: { 'x-trace-id': ids?.traceId ?? '' } });
 * });
 * ```
 */
export const currentTraceContext = (): DurableTraceContext | undefined => {
  const frame = currentFrame();
  const ids = frame && traceOfInvocation(frame.invocation)?.spanContextOf(frame.operation);
  if (ids === undefined) return undefined;
  const { traceId, spanId, traceFlags } = ids;
  return { traceId, spanId, sampled: (traceFlags & TraceFlags.SAMPLED) !== 0 };
};
