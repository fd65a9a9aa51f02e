import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { MetricResolution, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  type ActiveOperation,
  estimateInvocationCount,
  getActiveOperation,
  getExecutionArn,
  getExecutionStartTime,
} from '@durable-powertools/commons';
import { type BufferedMetric, MetricBuffer } from './buffer/MetricBuffer.js';
import { type PowertoolsWriter, publishBuffer } from './buffer/publish.js';
import {
  type ChildScope,
  type CollectorHandle,
  type InvocationGuard,
  type Publication,
  shared,
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

/** The warning below is about configuration, not about an invocation: once per process is enough. */
let warnedChildWithoutPlugin = false;

interface AttemptBuffer {
  readonly operation: ActiveOperation;
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
 *   every invocation until it finishes, then never again; with the plugin its metrics are published
 *   from the invocation it finished in. Without the plugin they join the body's.
 */
export class InvocationCollector implements CollectorHandle {
  readonly #writer: PowertoolsWriter;
  readonly #context: DurableContext;
  readonly #executionArn: string;
  readonly #guard: InvocationGuard | undefined;
  readonly #builtIns: BuiltInMetricsOptions;
  readonly #root = new MetricBuffer();
  readonly #attempts = new Map<string, AttemptBuffer>();
  #attemptFlushScheduled = false;
  #completed = false;

  public constructor(
    writer: PowertoolsWriter,
    context: DurableContext,
    builtIns: BuiltInMetricsOptions = {},
  ) {
    this.#writer = writer;
    this.#context = context;
    this.#executionArn = getExecutionArn(context);
    this.#guard = shared.guards.get(this.#executionArn);
    this.#builtIns = builtIns;
  }

  /** Whether the `DurableMetricsPlugin` is watching this invocation. */
  public get guarded(): boolean {
    return this.#guard !== undefined;
  }

  /**
   * The buffer a metric, dimension or metadata added right now belongs to, or `undefined` when it
   * must be dropped: code of a child context that already finished, re-run by the SDK only to
   * rebuild its result, whose metrics were published when it finished.
   */
  public bufferForCall(): MetricBuffer | undefined {
    if (this.#completed) return this.#root;
    const operation = getActiveOperation(this.#context);
    if (operation === undefined) return this.#root;
    if (operation.attempt !== undefined) return this.#attemptBuffer(operation);
    const scope = shared.childScope.getStore();
    if (scope?.operationId === operation.operationId) {
      let buffer = scope.buffers.get(this);
      if (buffer === undefined) {
        buffer = new MetricBuffer();
        scope.buffers.set(this, buffer);
      }
      return buffer;
    }
    if (this.#guard !== undefined) return undefined;
    this.#warnChildWithoutPlugin();
    return this.#root;
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

  /** Called by the plugin when a child context's function has finished in this invocation. */
  public finishChild(scope: ChildScope, buffer: MetricBuffer): void {
    if (buffer.isEmpty) return;
    const metadata = this.#operationMetadata(scope);
    this.#release({
      kind: 'childContext',
      operationId: scope.operationId,
      publish: () => publishBuffer(this.#writer, buffer, metadata),
    });
  }

  /**
   * The workflow completed in this invocation: publish the body's metrics and the built-ins, now,
   * or when the SDK reports the invocation's end if the plugin is watching (so that a completion
   * the SDK fails to checkpoint is not published before Lambda retries it).
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
    if (this.#guard === undefined) publication.publish();
    else this.#guard.defer(publication);
  }

  #attemptBuffer(operation: ActiveOperation): MetricBuffer {
    const key = `${operation.operationId}#${operation.attempt}`;
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

  #operationMetadata(operation: {
    operationId: string;
    operationName?: string;
    attempt?: number;
  }): Record<string, string> {
    return {
      [METADATA_KEYS.executionArn]: this.#executionArn,
      [METADATA_KEYS.operationId]: operation.operationId,
      ...(operation.operationName === undefined
        ? {}
        : { [METADATA_KEYS.operationName]: operation.operationName }),
      ...(operation.attempt === undefined
        ? {}
        : { [METADATA_KEYS.attempt]: String(operation.attempt) }),
    };
  }

  #builtInMetrics(outcome: WorkflowOutcome): BufferedMetric[] {
    const metrics: BufferedMetric[] = [];
    const standard = MetricResolution.Standard;
    if (this.#builtIns.duration) {
      const startedAt = getExecutionStartTime(this.#context);
      if (startedAt !== undefined) {
        metrics.push({
          name: BUILT_IN_METRICS.duration,
          unit: MetricUnit.Milliseconds,
          resolution: standard,
          values: [Math.max(0, Date.now() - startedAt.getTime())],
        });
      }
    }
    if (this.#builtIns.invocations) {
      const invocations = estimateInvocationCount(this.#context);
      if (invocations !== undefined) {
        metrics.push({
          name: BUILT_IN_METRICS.invocations,
          unit: MetricUnit.Count,
          resolution: standard,
          values: [invocations],
        });
      }
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

  #warnChildWithoutPlugin(): void {
    if (warnedChildWithoutPlugin) return;
    warnedChildWithoutPlugin = true;
    process.emitWarning(
      'durableMetrics(): a metric was added inside a child context (runInChildContext, map, parallel) ' +
        'without DurableMetricsPlugin. It is published with the workflow body, so it is lost if the child ' +
        'finished in an earlier invocation. Register the plugin: withDurableExecution(handler, ' +
        "{ plugins: [new DurableMetricsPlugin()] }) or DURABLE_EXECUTION_PLUGINS='@durable-powertools/metrics/plugin'.",
      { code: 'DURABLE_METRICS_CHILD_WITHOUT_PLUGIN' },
    );
  }
}
