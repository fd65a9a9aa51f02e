import {
  currentFrame,
  type DurableInvocation,
  type DurableOperation,
} from '@durable-powertools/commons';
import type { DurableMetricsSettings } from '../options.js';
import { MetricBuffer } from './buffer.js';
import { type DocumentWriter, publishBuffer } from './documents.js';
import { builtInMetrics, type LiveAttempts, type WorkflowOutcome } from './workflowMetrics.js';

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
 * What one invocation keeps (a core slot, `state.ts`): a collector per instance, running non-virtual
 * child contexts by id, publications held until the SDK reports the invocation's end, step attempts
 * run (for the pack).
 */
export interface CollectorState {
  readonly collectors: Map<object, InvocationCollector>;
  readonly children: Map<string, ChildBuffers>;
  readonly pending: Publication[];
  readonly liveAttempts: LiveAttempts;
}

type OperationRef = Pick<DurableOperation, 'id' | 'name' | 'attempt'>;

/** Stores `value` under `key` and returns it (what a `get` that found nothing falls back to). */
const added = <K, V>(map: Map<K, V>, key: K, value: V): V => {
  map.set(key, value);
  return value;
};

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
  readonly #settings: DurableMetricsSettings;
  readonly #root = new MetricBuffer();
  readonly #attempts = new Map<string, { operation: DurableOperation; buffer: MetricBuffer }>();
  /** Step attempts' metrics of this invocation by signature (`attribution: 'invocation'`). */
  readonly #attemptGroups = new Map<string, MetricBuffer>();
  #attemptFlushScheduled = false;
  #completed = false;
  /** Whether this invocation queued the completion documents (which carry the body's group). */
  #completionReleased = false;
  /** Whether this invocation published (or queued) documents of child contexts or step attempts. */
  #releasedOthers = false;

  public constructor(
    writer: DocumentWriter,
    invocation: DurableInvocation,
    state: CollectorState,
    settings: DurableMetricsSettings,
  ) {
    this.#writer = writer;
    this.#invocation = invocation;
    this.#state = state;
    this.#settings = settings;
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
    const { children } = this.#state;
    const child =
      children.get(ownerId) ??
      added(children, ownerId, {
        operation: operation.virtual ? undefined : operation,
        buffers: new Map(),
      });
    return child.buffers.get(this) ?? added(child.buffers, this, new MetricBuffer());
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
      if (this.#settings.attribution === 'operation') {
        this.#releasedOthers ||= !buffer.isEmpty;
        publishBuffer(this.#writer, buffer, this.#metadata(operation));
        continue;
      }
      const groups = this.#attemptGroups;
      if (groups.size === 0)
        this.#release({ kind: 'attempts', publish: () => this.#publishGroups() });
      const signature = buffer.signature;
      (groups.get(signature) ?? added(groups, signature, buffer.emptyCopy())).absorb(buffer);
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
    const { liveAttempts } = this.#state;
    const asked = this.#settings.builtInMetrics ?? {};
    const builtIns = builtInMetrics(asked, this.#invocation, liveAttempts, outcome);
    if (
      this.#root.isEmpty &&
      builtIns.length === 0 &&
      !this.#attemptGroups.has(this.#root.signature)
    ) {
      // Nothing to publish: Powertools warns, or throws under throwOnEmptyMetrics, unless the
      // invocation's child contexts or step attempts published (a batch's records do).
      if (!this.#releasedOthers) this.#writer.publishStoredMetrics();
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
  #publishGroups(): void {
    const completionPublishes =
      this.#completionReleased && this.#invocation.end?.status !== 'RETRYING';
    const metadata = this.#metadata();
    for (const [signature, group] of this.#attemptGroups) {
      if (completionPublishes && signature === this.#root.signature) continue;
      publishBuffer(this.#writer, group, metadata);
    }
  }

  #release(publication: Publication): void {
    if (publication.kind !== 'completion') this.#releasedOthers = true;
    // After the SDK's end report (a branch finishing late) there is nothing left to wait for.
    const end = this.#invocation.end;
    if (end === undefined) this.#state.pending.push(publication);
    else if (end.status !== 'RETRYING') publication.publish();
  }

  #attemptBuffer(operation: DurableOperation): MetricBuffer {
    const key = `${operation.id}#${operation.attempt}`;
    const attempt =
      this.#attempts.get(key) ??
      added(this.#attempts, key, { operation, buffer: new MetricBuffer() });
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
    if (operation === undefined || this.#settings.attribution !== 'operation') return executionArn;
    const { id, name, attempt } = operation;
    return {
      ...executionArn,
      [METADATA_KEYS.operationId]: id,
      ...(name === undefined ? {} : { [METADATA_KEYS.operationName]: name }),
      ...(attempt === undefined ? {} : { [METADATA_KEYS.attempt]: String(attempt) }),
    };
  }
}
