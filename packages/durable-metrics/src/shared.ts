import type { LifecycleInvocation, LifecycleOperation } from '@durable-powertools/commons';
import type { MetricBuffer } from './buffer/MetricBuffer.js';
import type { PowertoolsWriter } from './buffer/publish.js';

/** Something to write once the SDK has said how the invocation ended. */
export interface Publication {
  /** `completion`: the workflow's own documents; `childContext`: one child context's. */
  readonly kind: 'completion' | 'childContext';
  /** The child context's hashed operation id (`childContext` only). */
  readonly operationId?: string;
  publish(): void;
}

/** The part of an invocation's collector the lifecycle subscriber calls. */
export interface CollectorHandle {
  /** Queues a child context's metrics for publication at the invocation's end. */
  finishChild(
    operation: Pick<LifecycleOperation, 'id' | 'name' | 'attempt'>,
    buffer: MetricBuffer,
  ): void;
  /** The SDK ended the execution in this invocation: publish what the handler never could. */
  completeFromSdk(outcome: 'SUCCEEDED' | 'FAILED'): void;
}

/**
 * What the metrics of one invocation keep, in the lifecycle core's per-invocation slot: collectors
 * by Powertools `Metrics` instance, the buffers of child contexts running in this invocation, and
 * the publications held until the SDK reports how the invocation ended.
 */
export interface MetricsInvocationState {
  readonly collectors: Map<object, CollectorHandle>;
  /** Non-virtual child contexts running in this invocation, by hashed operation id. */
  readonly children: Map<string, ChildBuffers>;
  readonly pending: Publication[];
}

/** A child context's metrics in this invocation, per collector (its virtual items' included). */
export interface ChildBuffers {
  operation: LifecycleOperation | undefined;
  readonly buffers: Map<CollectorHandle, MetricBuffer>;
}

/** The slot key: registered, so that an ESM and a CJS copy of this package share the state. */
export const METRICS_SLOT = Symbol.for('@durable-powertools/metrics.invocation.v1');

/** This package's state for `invocation`. */
export const metricsStateOf = (invocation: LifecycleInvocation): MetricsInvocationState =>
  invocation.slot<MetricsInvocationState>(METRICS_SLOT, () => ({
    collectors: new Map(),
    children: new Map(),
    pending: [],
  }));

const WRITERS_KEY = Symbol.for('@durable-powertools/metrics.writers.v1');
const globalSlots = globalThis as Record<symbol, WeakMap<object, PowertoolsWriter> | undefined>;
globalSlots[WRITERS_KEY] ??= new WeakMap<object, PowertoolsWriter>();

/** Unpatched methods of each intercepted `Metrics` instance, shared by every copy of the package. */
export const writers: WeakMap<object, PowertoolsWriter> = globalSlots[WRITERS_KEY];
