import { MetricResolution, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  currentFrame,
  type DurableInvocation,
  type DurableOperation,
} from '@durable-powertools/commons';
import type { BuiltInMetricsOptions, MetricsAttribution } from '../options.js';
import { type BufferedMetric, MetricBuffer } from './buffer.js';
import { type DocumentWriter, publishBuffer } from './documents.js';
import { type LiveAttempts, workflowMetricsPack } from './workflowMetrics.js';

/**
 * EMF metadata keys this package writes. Metadata, never dimensions: they are unbounded.
 * `execution_arn` is on every document; the others only with `attribution: 'operation'`.
 */
export const METADATA_KEYS = {
  executionArn: 'execution_arn',
  operationId: 'operation_id',
  operationName: 'operation_name',
  attempt: 'attempt',
} as const;

/**
 * Names of the built-in workflow metrics (see `builtInMetrics` in the options).
 */
export const BUILT_IN_METRICS = {
  duration: 'workflowDuration',
  invocations: 'workflowInvocations',
  succeeded: 'workflowSucceeded',
  failed: 'workflowFailed',
} as const;

/**
 * How a durable workflow completed: its handler returned, or threw.
 */
export type WorkflowOutcome = 'SUCCEEDED' | 'FAILED';

/** Something to write once the SDK has said how the invocation ended. */
export interface Publication {
  readonly kind: 'completion' | 'childContext' | 'attempts';
  /** The child context's hashed operation id (`childContext` only). */
  readonly operationId?: string;
  publish(): void;
}

/** A child context's metrics in this invocation, per collector (its virtual items' included). */
export interface ChildBuffers {
  operation: DurableOperation | undefined;
  readonly buffers: Map<InvocationCollector, MetricBuffer>;
}

/**
 * The per-invocation state the collectors share (`state.ts`): running non-virtual child contexts by
 * id, publications held until the SDK reports the invocation's end, step attempts run (for the pack).
 */
export interface CollectorState {
  readonly children: Map<string, ChildBuffers>;
  readonly pending: Publication[];
  readonly liveAttempts: LiveAttempts;
}

type OperationRef = Pick<DurableOperation, 'id' | 'name' | 'attempt'>;

/**
 * Collects what one invocation adds to one Powertools `Metrics` instance and publishes it where it
 * belongs (the README's "what is published when" table): the body's at completion, each step
 * attempt's from the invocation it ran in, each child context's from the invocation it finished (or
 * was abandoned) in; a child re-run only to rebuild a finished map/parallel adds nothing. A new
 * collector per invocation is what discards a suspended invocation's buffer.
 */
export class InvocationCollector {
  readonly #writer: DocumentWriter;
  readonly #invocation: DurableInvocation;
  readonly #state: CollectorState;
  readonly #builtIns: BuiltInMetricsOptions;
  readonly #attribution: MetricsAttribution;
  readonly #root = new MetricBuffer();
  readonly #attempts = new Map<string, { operation: DurableOperation; buffer: MetricBuffer }>();
  /** Step attempts' metrics of this invocation by signature (`attribution: 'invocation'`). */
  readonly #attemptGroups = new Map<string, MetricBuffer>();
  #attemptFlushScheduled = false;
  #completed = false;
  /** Whether this invocation queued the completion documents (which carry the body's group). */
  #completionReleased = false;

  public constructor(
    writer: DocumentWriter,
    invocation: DurableInvocation,
    state: CollectorState,
    builtIns: BuiltInMetricsOptions = {},
    attribution: MetricsAttribution = 'invocation',
  ) {
    this.#writer = writer;
    this.#invocation = invocation;
    this.#state = state;
    this.#builtIns = builtIns;
    this.#attribution = attribution;
  }

  /**
   * The buffer a metric, dimension or metadata added right now belongs to, or `undefined` when it
   * must be dropped: code of a child context that already finished, re-run by the SDK only to
   * rebuild its result, whose metrics were published when it finished.
   */
  public bufferForCall(): MetricBuffer | undefined {
    if (this.#completed) return this.#root;
    const operation = currentFrame()?.operation;
    if (operation === undefined) return this.#root;
    if (operation.kind === 'attempt') return this.#attemptBuffer(operation);
    if (operation.replaying) return undefined;
    // A virtual (FLAT) item re-runs whenever its nearest non-virtual ancestor does, whose id the SDK
    // gives it as parent: it belongs to that ancestor (or to the body).
    const ownerId = operation.virtual ? operation.parentId : operation.id;
    if (ownerId === undefined) return this.#root;
    let child = this.#state.children.get(ownerId);
    if (child === undefined) {
      child = { operation: operation.virtual ? undefined : operation, buffers: new Map() };
      this.#state.children.set(ownerId, child);
    }
    let buffer = child.buffers.get(this);
    if (buffer === undefined) {
      buffer = new MetricBuffer();
      child.buffers.set(this, buffer);
    }
    return buffer;
  }

  /**
   * Takes every step attempt's metrics buffered so far: with `attribution: 'operation'` publishes
   * each attempt's documents now; otherwise adds them to the invocation's shared attempt documents,
   * published when the invocation ends.
   */
  public flushAttempts(): void {
    this.#attemptFlushScheduled = false;
    const attempts = [...this.#attempts.values()];
    this.#attempts.clear();
    for (const { operation, buffer } of attempts) {
      if (this.#attribution === 'operation') {
        publishBuffer(this.#writer, buffer, this.#metadata(operation));
        continue;
      }
      const signature = buffer.signature;
      let group = this.#attemptGroups.get(signature);
      if (group === undefined) {
        if (this.#attemptGroups.size === 0) {
          this.#release({ kind: 'attempts', publish: () => this.#publishAttemptGroups() });
        }
        group = buffer.emptyCopy();
        this.#attemptGroups.set(signature, group);
      }
      group.absorb(buffer);
    }
  }

  /** A child context's function finished (or was abandoned) in this invocation. */
  public finishChild(operation: OperationRef, buffer: MetricBuffer): void {
    if (buffer.isEmpty) return;
    const metadata = this.#metadata(operation);
    this.#release({
      kind: 'childContext',
      operationId: operation.id,
      publish: () => publishBuffer(this.#writer, buffer, metadata),
    });
  }

  /**
   * The workflow completed in this invocation (its handler settled, or the SDK ended the execution):
   * publish the body's metrics and the built-ins when the SDK reports the invocation's end (so that a
   * completion the SDK fails to checkpoint is not published before Lambda retries it). A no-op the
   * second time.
   */
  public complete(outcome: WorkflowOutcome): void {
    if (this.#completed) return;
    this.#completed = true;
    this.flushAttempts();
    const builtIns = this.#builtInMetrics(outcome);
    if (
      this.#root.isEmpty &&
      builtIns.length === 0 &&
      !this.#attemptGroups.has(this.#root.signature)
    ) {
      // Nothing to publish: Powertools warns, or throws under throwOnEmptyMetrics.
      this.#writer.publishStoredMetrics();
      return;
    }
    const metadata = this.#metadata();
    this.#completionReleased = true;
    this.#release({
      kind: 'completion',
      publish: () => {
        // The completing invocation's attempts share the body's documents when they can.
        const shared = this.#attemptGroups.get(this.#root.signature);
        let root = this.#root;
        if (shared !== undefined) {
          root = this.#root.emptyCopy();
          root.absorb(this.#root);
          root.absorb(shared);
        }
        publishBuffer(this.#writer, root, metadata, builtIns);
      },
    });
  }

  /**
   * Publishes the invocation's shared attempt documents, when the SDK reports its end (on any
   * status: attempts ran whether or not the invocation's last checkpoint did). The group that shares
   * the body's signature goes out with the completion documents instead, unless those are dropped.
   */
  #publishAttemptGroups(): void {
    const completionPublishes =
      this.#completionReleased && this.#invocation.end?.status !== 'RETRYING';
    const metadata = this.#metadata();
    for (const [signature, group] of this.#attemptGroups) {
      if (completionPublishes && signature === this.#root.signature) continue;
      publishBuffer(this.#writer, group, metadata);
    }
  }

  #release(publication: Publication): void {
    // After the SDK's end report (a branch finishing late) there is nothing left to wait for.
    const end = this.#invocation.end;
    if (end === undefined) this.#state.pending.push(publication);
    else if (end.status !== 'RETRYING') publication.publish();
  }

  #attemptBuffer(operation: DurableOperation): MetricBuffer {
    const key = `${operation.id}#${operation.attempt}`;
    let attempt = this.#attempts.get(key);
    if (attempt === undefined) {
      attempt = { operation, buffer: new MetricBuffer() };
      this.#attempts.set(key, attempt);
    }
    if (!this.#attemptFlushScheduled) {
      this.#attemptFlushScheduled = true;
      // Before the step's result can be checkpointed (network I/O), so before any suspension.
      queueMicrotask(() => this.flushAttempts());
    }
    return attempt.buffer;
  }

  /**
   * The metadata of a document: `execution_arn` always; with `attribution: 'operation'` also the
   * operation it belongs to (`operation_id`, `operation_name`, `attempt`).
   */
  #metadata(operation?: OperationRef): Record<string, string> {
    const executionArn = { [METADATA_KEYS.executionArn]: this.#invocation.executionArn };
    if (operation === undefined || this.#attribution !== 'operation') return executionArn;
    const { id, name, attempt } = operation;
    return {
      ...executionArn,
      [METADATA_KEYS.operationId]: id,
      ...(name === undefined ? {} : { [METADATA_KEYS.operationName]: name }),
      ...(attempt === undefined ? {} : { [METADATA_KEYS.attempt]: String(attempt) }),
    };
  }

  #builtInMetrics(outcome: WorkflowOutcome): BufferedMetric[] {
    const now = Date.now();
    const builtIns = this.#builtIns;
    const metrics: BufferedMetric[] = [];
    const add = (name: string, unit: BufferedMetric['unit'], value: number) =>
      metrics.push({ name, unit, resolution: MetricResolution.Standard, values: [value] });
    const startedAt = this.#invocation.executionStartTimestamp;
    if (builtIns.duration && startedAt !== undefined) {
      const duration = Math.max(0, now - new Date(startedAt).getTime());
      add(BUILT_IN_METRICS.duration, MetricUnit.Milliseconds, duration);
    }
    if (builtIns.workflow) {
      metrics.push(...workflowMetricsPack(this.#invocation, this.#state.liveAttempts, now));
    } else if (builtIns.invocations) {
      add(BUILT_IN_METRICS.invocations, MetricUnit.Count, this.#invocation.index);
    }
    const outcomeName =
      outcome === 'SUCCEEDED' ? BUILT_IN_METRICS.succeeded : BUILT_IN_METRICS.failed;
    if (builtIns.outcome) add(outcomeName, MetricUnit.Count, 1);
    return metrics;
  }
}
