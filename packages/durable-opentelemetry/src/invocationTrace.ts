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
import { DURABLE_SPAN_ATTRIBUTES as A } from './constants.js';
import { executionRootSpanId, randomSpanId } from './ids.js';
import { withPinnedIds } from './pinnedIds.js';
import type { HistoryAtStart } from './resumption.js';

/** What the plugin knows about an invocation when it starts. */
export interface InvocationDescription {
  readonly executionArn: string;
  readonly requestId: string;
  /** 1-based, estimated from the checkpoint history. */
  readonly index: number;
  readonly first: boolean;
  readonly coldStart: boolean;
  /** When the execution started (its first invocation), as the backend reports it. */
  readonly executionStart: Date | undefined;
  readonly traceId: string;
  readonly sampled: boolean;
}

/** What became of the execution's root span when the invocation finished. */
export type RootOutcome = 'none' | 'exported' | 'droppedBySampler';

/** How the tracer provider treated the invocation span: tells whether it is usable at all. */
export type ProviderKind = 'durable' | 'foreignIdGenerator' | 'noop';

/** What a span needs to know about the durable operation it stands for. */
export interface OperationFacts {
  readonly id: string;
  readonly name?: string | undefined;
  readonly type: string;
  readonly subType?: string | undefined;
  readonly attempt?: number | undefined;
}

/**
 * A step attempt or a child context (map/parallel branches included) running in this invocation.
 * Its span is started when it first has to exist: at once for live work, and for a child context that
 * this invocation re-enters to finish (replaying what it did before), only once something live
 * happens inside it. A child context that only replays gets no span.
 */
export interface OperationNode {
  readonly invocation: InvocationTrace;
  readonly parent: OperationNode | undefined;
  readonly facts: OperationFacts;
  /**
   * Code that only rebuilds the result of a parent finished in an earlier invocation (FLAT
   * map/parallel items, summarised results): never gets a span.
   */
  readonly rebuild: boolean;
  readonly startTime: Date;
  span: Span | undefined;
  ended: boolean;
}

/** How an operation or invocation ended, for its span. */
export interface Outcome {
  readonly outcome?: string;
  readonly error?: Error | undefined;
}

/**
 * The spans of one invocation of a durable execution: the invocation span (child of the execution's
 * root span, by its deterministic id), the operation spans under it, and, when the execution ends,
 * the root span itself. Lives exactly as long as the invocation.
 */
export class InvocationTrace {
  public readonly description: InvocationDescription;
  public readonly providerKind: ProviderKind;
  /** The checkpoint history the invocation started with. */
  public readonly history: HistoryAtStart;
  readonly #tracer: Tracer;
  readonly #rootSpanId: string;
  readonly #invocationSpan: Span;
  readonly #invocationContext: Context;
  readonly #open = new Set<OperationNode>();
  /** Child contexts of this invocation by operation id, to resolve a parent id to its node. */
  readonly #children = new Map<string, OperationNode>();
  /** Nodes by the lifecycle core's operation frame objects. */
  readonly #frames = new WeakMap<object, OperationNode>();
  #finished = false;
  /** What the SDK reported in `onInvocationEnd` (status, result or error of the execution). */
  public end: { readonly status: string; readonly executionError?: Error | undefined } | undefined;

  public constructor(tracer: Tracer, description: InvocationDescription, history: HistoryAtStart) {
    this.description = description;
    this.history = history;
    this.#tracer = tracer;
    this.#rootSpanId = executionRootSpanId(description.executionArn);
    const rootContext: SpanContext = {
      traceId: description.traceId,
      spanId: this.#rootSpanId,
      traceFlags: description.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
      isRemote: true,
    };
    const parent = trace.setSpanContext(ROOT_CONTEXT, rootContext);
    // A span id of our own choosing: if the provider hands it out, its id generator is ours.
    const pinned = randomSpanId();
    this.#invocationSpan = withPinnedIds({ spanId: pinned }, () =>
      tracer.startSpan(
        `invocation ${description.index}`,
        {
          kind: SpanKind.SERVER,
          attributes: {
            [A.executionArn]: description.executionArn,
            [A.invocationIndex]: description.index,
            [A.firstInvocation]: description.first,
            [A.coldStart]: description.coldStart,
            [A.invocationId]: description.requestId,
          },
        },
        parent,
      ),
    );
    const { spanId } = this.#invocationSpan.spanContext();
    this.providerKind =
      spanId === pinned
        ? 'durable'
        : !this.#invocationSpan.isRecording() && spanId === this.#rootSpanId
          ? 'noop'
          : 'foreignIdGenerator';
    this.#invocationContext = trace.setSpan(ROOT_CONTEXT, this.#invocationSpan);
  }

  /** The OpenTelemetry context code of the invocation's top level runs in. */
  public get context(): Context {
    return this.#invocationContext;
  }

  /** Opens the span of a live step attempt (or wait-for-condition check) for the frame `key`. */
  public startAttempt(
    key: object,
    facts: OperationFacts,
    parent: OperationNode | undefined,
  ): OperationNode {
    const node = this.#node(key, facts, parent, false);
    this.#materialize(node);
    return node;
  }

  /** The node of a lifecycle operation frame, if this invocation made one. */
  public nodeFor(key: object): OperationNode | undefined {
    return this.#frames.get(key);
  }

  /**
   * Enters a child context. `live`: it starts now, so its span starts now; otherwise this invocation
   * re-enters it to finish it, and its span starts only if something live happens inside.
   */
  public enterChild(
    key: object,
    facts: OperationFacts,
    parent: OperationNode | undefined,
    live: boolean,
    rebuild: boolean,
  ): OperationNode {
    const node = this.#node(key, facts, parent, rebuild || parent?.rebuild === true);
    this.#children.set(facts.id, node);
    if (live && !node.rebuild) this.#materialize(node);
    return node;
  }

  /** The node of a child context of this invocation, by its operation id. */
  public childById(id: string | undefined): OperationNode | undefined {
    return id === undefined ? undefined : this.#children.get(id);
  }

  /** The OpenTelemetry context of `node`'s span (started now if needed), or the invocation's. */
  public contextOf(node: OperationNode | undefined): Context {
    for (let current = node; current !== undefined; current = current.parent) {
      if (!current.rebuild) return trace.setSpan(ROOT_CONTEXT, this.#materialize(current));
    }
    return this.#invocationContext;
  }

  /**
   * The OpenTelemetry context user code inside `node` runs in: the innermost started span, without
   * starting one (a re-entered child context gets its span only once it does live work).
   */
  public activeContextOf(node: OperationNode | undefined): Context {
    for (let current = node; current !== undefined; current = current.parent) {
      if (current.span !== undefined) return trace.setSpan(ROOT_CONTEXT, current.span);
    }
    return this.#invocationContext;
  }

  /** Ends `node`'s span. `materialize`: the ending itself is live work (a child context completing). */
  public endOperation(node: OperationNode, outcome: Outcome, materialize: boolean): void {
    if (node.ended) return;
    node.ended = true;
    const span = materialize && !node.rebuild ? this.#materialize(node) : node.span;
    this.#open.delete(node);
    if (span === undefined) return;
    finishSpan(span, outcome);
    span.end();
  }

  /**
   * Records a wait, callback or chained invoke that completed, as a span covering it from its start
   * (often in an earlier invocation) to its end: emitted by the invocation that sees it complete.
   */
  public recordCompleted(
    facts: OperationFacts,
    parent: OperationNode | undefined,
    startTime: Date | undefined,
    endTime: Date | undefined,
    outcome: Outcome,
  ): void {
    const end = endTime ?? new Date();
    const span = this.#tracer.startSpan(
      spanName(facts),
      { kind: SpanKind.INTERNAL, startTime: startTime ?? end, attributes: attributesOf(facts) },
      this.contextOf(parent),
    );
    finishSpan(span, outcome);
    span.end(end);
  }

  /** The span context logs written now belong to: the innermost started operation span. */
  public spanContextFor(node: OperationNode | undefined): SpanContext {
    for (let current = node; current !== undefined; current = current.parent) {
      if (current.span !== undefined && !current.ended) return current.span.spanContext();
    }
    return this.#invocationSpan.spanContext();
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
      this.endOperation(node, {}, false);
    }
    const span = this.#invocationSpan;
    span.setAttribute(A.invocationStatus, status);
    if (error !== undefined) recordError(span, error);
    span.end();
    if (status !== 'SUCCEEDED' && status !== 'FAILED') return 'none';
    return this.#exportRoot(status, error);
  }

  #exportRoot(status: string, error: Error | undefined): RootOutcome {
    const { description } = this;
    if (!description.sampled || this.providerKind !== 'durable') return 'none';
    const root = withPinnedIds({ traceId: description.traceId, spanId: this.#rootSpanId }, () =>
      this.#tracer.startSpan(executionSpanName(description.executionArn), {
        root: true,
        kind: SpanKind.SERVER,
        startTime: description.executionStart ?? new Date(),
        attributes: {
          [A.executionArn]: description.executionArn,
          [A.executionStatus]: status,
          [A.executionInvocations]: description.index,
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

  #node(
    key: object,
    facts: OperationFacts,
    parent: OperationNode | undefined,
    rebuild: boolean,
  ): OperationNode {
    const node: OperationNode = {
      invocation: this,
      parent,
      facts,
      rebuild,
      startTime: new Date(),
      span: undefined,
      ended: false,
    };
    this.#frames.set(key, node);
    return node;
  }

  #materialize(node: OperationNode): Span {
    if (node.span !== undefined) return node.span;
    const span = this.#tracer.startSpan(
      spanName(node.facts),
      { kind: SpanKind.INTERNAL, startTime: node.startTime, attributes: attributesOf(node.facts) },
      this.contextOf(node.parent),
    );
    node.span = span;
    if (!node.ended) this.#open.add(node);
    return span;
  }
}

const spanName = (facts: OperationFacts): string =>
  facts.name ?? facts.subType ?? facts.type.toLowerCase();

const attributesOf = (facts: OperationFacts): Attributes => {
  const attributes: Attributes = {
    [A.operationId]: facts.id,
    [A.operationType]: facts.type,
  };
  if (facts.name !== undefined) attributes[A.operationName] = facts.name;
  if (facts.subType !== undefined) attributes[A.operationSubType] = facts.subType;
  if (facts.attempt !== undefined) attributes[A.attempt] = facts.attempt;
  return attributes;
};

const finishSpan = (span: Span, { outcome, error }: Outcome): void => {
  if (outcome !== undefined) span.setAttribute(A.outcome, outcome);
  if (error !== undefined) recordError(span, error);
};

const recordError = (span: Span, error: Error): void => {
  span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
};

/** `execution <name>` from `…/durable-execution/<name>/<id>`, or `execution`. */
const executionSpanName = (executionArn: string): string => {
  const match = /\/durable-execution\/([^/]+)\//.exec(executionArn);
  return match?.[1] === undefined ? 'execution' : `execution ${match[1]}`;
};
