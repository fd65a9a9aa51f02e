import { MetricResolution, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  currentOperation,
  type LifecycleInvocation,
  type LifecycleOperation,
} from '@durable-powertools/commons';
import { type BufferedMetric, MetricBuffer } from './buffer/MetricBuffer.js';
import { type PowertoolsWriter, publishBuffer } from './buffer/publish.js';
import {
  type CollectorHandle,
  type MetricsInvocationState,
  metricsStateOf,
  type Publication,
} from './shared.js';
import type { BuiltInMetricsOptions } from './types/options.js';
import type { WorkflowOutcome } from './types/outcome.js';

/**
 * EMF metadata keys this package writes. Metadata, never dimensions: they are unbounded.
 *
 * @example
 * ```ts
 * const completionDocuments = emf.filter((document) => document[METADATA_KEYS.operationId] === undefined);
 * ```
 */
export const METADATA_KEYS = {
  executionArn: 'execution_arn',
  operationId: 'operation_id',
  operationName: 'operation_name',
  attempt: 'attempt',
} as const;

/**
 * Names of the built-in workflow metrics (see `builtInMetrics` in the options).
 *
 * @example
 * ```ts
 * const duration = document[BUILT_IN_METRICS.duration]; // milliseconds since the execution started
 * ```
 */
export const BUILT_IN_METRICS = {
  duration: 'workflowDuration',
  invocations: 'workflowInvocations',
  succeeded: 'workflowSucceeded',
  failed: 'workflowFailed',
} as const;

interface AttemptBuffer {
  readonly operation: LifecycleOperation;
  readonly buffer: MetricBuffer;
}

/**
 * Collects what one invocation of a durable execution adds to one Powertools `Metrics` instance and
 * decides where each metric belongs, by where the code adding it runs:
 *
 * - workflow body (root): kept until the workflow completes; every invocation replays the body from
 *   the top, so the completing invocation has re-added all of them, once. A new collector per
 *   invocation is what discards the previous, suspended invocation's buffer.
 * - step attempt (and `waitForCondition` check): runs once per attempt and never on replay, so its
 *   metrics are published from the invocation it ran in, as soon as its code yields.
 * - child context (`runInChildContext`, `map` item, `parallel` branch): re-runs from the top on
 *   every invocation until it finishes, then never again; its metrics are published from the
 *   invocation it finished in, or, for a branch a map/parallel left running when it completed early,
 *   from the invocation that abandoned it. A child re-run only to rebuild a finished map/parallel
 *   (FLAT items of a summarised result) adds nothing: its metrics were published when it finished.
 * - the SDK ending the execution itself (FAILED without the handler settling): the body's metrics
 *   and the built-ins are published from the end-of-invocation event.
 */
export class InvocationCollector implements CollectorHandle {
  readonly #writer: PowertoolsWriter;
  readonly #invocation: LifecycleInvocation;
  readonly #state: MetricsInvocationState;
  readonly #executionArn: string;
  readonly #builtIns: BuiltInMetricsOptions;
  readonly #root = new MetricBuffer();
  readonly #attempts = new Map<string, AttemptBuffer>();
  #attemptFlushScheduled = false;
  #completed = false;

  public constructor(
    writer: PowertoolsWriter,
    invocation: LifecycleInvocation,
    builtIns: BuiltInMetricsOptions = {},
  ) {
    this.#writer = writer;
    this.#invocation = invocation;
    this.#state = metricsStateOf(invocation);
    this.#executionArn = invocation.executionArn;
    this.#builtIns = builtIns;
  }

  /**
   * The buffer a metric, dimension or metadata added right now belongs to, or `undefined` when it
   * must be dropped: code of a child context that already finished, re-run by the SDK only to
   * rebuild its result, whose metrics were published when it finished.
   */
  public bufferForCall(): MetricBuffer | undefined {
    if (this.#completed) return this.#root;
    const operation = currentOperation();
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

  /** Publishes every step attempt's metrics buffered so far. */
  public flushAttempts(): void {
    this.#attemptFlushScheduled = false;
    const attempts = [...this.#attempts.values()];
    this.#attempts.clear();
    for (const { operation, buffer } of attempts) {
      publishBuffer(this.#writer, buffer, this.#operationMetadata(operation));
    }
  }

  /** A child context's function finished (or was abandoned) in this invocation. */
  public finishChild(
    operation: Pick<LifecycleOperation, 'id' | 'name' | 'attempt'>,
    buffer: MetricBuffer,
  ): void {
    if (buffer.isEmpty) return;
    const metadata = this.#operationMetadata(operation);
    this.#release({
      kind: 'childContext',
      operationId: operation.id,
      publish: () => publishBuffer(this.#writer, buffer, metadata),
    });
  }

  /** The SDK ended the execution in this invocation; a no-op if the handler already completed. */
  public completeFromSdk(outcome: WorkflowOutcome): void {
    this.complete(outcome);
  }

  /**
   * The workflow completed in this invocation: publish the body's metrics and the built-ins when the
   * SDK reports the invocation's end (so that a completion the SDK fails to checkpoint is not
   * published before Lambda retries it).
   */
  public complete(outcome: WorkflowOutcome): void {
    if (this.#completed) return;
    this.#completed = true;
    this.flushAttempts();
    const builtIns = this.#builtInMetrics(outcome);
    if (this.#root.isEmpty && builtIns.length === 0) {
      // Nothing to publish: Powertools warns, or throws under throwOnEmptyMetrics.
      this.#writer.publishStoredMetrics();
      return;
    }
    const metadata = { [METADATA_KEYS.executionArn]: this.#executionArn };
    this.#release({
      kind: 'completion',
      publish: () => publishBuffer(this.#writer, this.#root, metadata, builtIns),
    });
  }

  #release(publication: Publication): void {
    // After the SDK's end report (a branch finishing late) there is nothing left to wait for.
    if (this.#invocation.end === undefined) this.#state.pending.push(publication);
    else if (this.#invocation.end.status !== 'RETRYING') publication.publish();
  }

  #attemptBuffer(operation: LifecycleOperation): MetricBuffer {
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

  #operationMetadata(
    operation: Pick<LifecycleOperation, 'id' | 'name' | 'attempt'>,
  ): Record<string, string> {
    return {
      [METADATA_KEYS.executionArn]: this.#executionArn,
      [METADATA_KEYS.operationId]: operation.id,
      ...(operation.name === undefined ? {} : { [METADATA_KEYS.operationName]: operation.name }),
      ...(operation.attempt === undefined
        ? {}
        : { [METADATA_KEYS.attempt]: String(operation.attempt) }),
    };
  }

  #builtInMetrics(outcome: WorkflowOutcome): BufferedMetric[] {
    const metrics: BufferedMetric[] = [];
    const standard = MetricResolution.Standard;
    if (this.#builtIns.duration) {
      const startedAt = this.#invocation.executionStartTimestamp;
      if (startedAt !== undefined) {
        metrics.push({
          name: BUILT_IN_METRICS.duration,
          unit: MetricUnit.Milliseconds,
          resolution: standard,
          values: [Math.max(0, Date.now() - new Date(startedAt).getTime())],
        });
      }
    }
    if (this.#builtIns.invocations) {
      metrics.push({
        name: BUILT_IN_METRICS.invocations,
        unit: MetricUnit.Count,
        resolution: standard,
        values: [this.#invocation.index],
      });
    }
    if (this.#builtIns.outcome) {
      metrics.push({
        name: outcome === 'SUCCEEDED' ? BUILT_IN_METRICS.succeeded : BUILT_IN_METRICS.failed,
        unit: MetricUnit.Count,
        resolution: standard,
        values: [1],
      });
    }
    return metrics;
  }
}
