import { AsyncLocalStorage } from 'node:async_hooks';
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

/** What the plugin keeps for one invocation: publications held until `onInvocationEnd`. */
export interface InvocationGuard {
  defer(publication: Publication): void;
  /** Writes the publications the invocation's end status makes final; drops the others. */
  settle(status: string, operations: Readonly<Record<string, { status?: string }>>): void;
}

/** A child context function running in this invocation, with the metrics its own code added. */
export interface ChildScope {
  readonly operationId: string;
  readonly operationName?: string;
  readonly buffers: Map<CollectorHandle, MetricBuffer>;
}

/** The part of an invocation's collector that the plugin calls. */
export interface CollectorHandle {
  finishChild(scope: ChildScope, buffer: MetricBuffer): void;
}

/** Collectors of the invocation running in this async context, by Powertools `Metrics` instance. */
export interface InvocationScope {
  readonly context: object;
  readonly collectors: Map<object, CollectorHandle>;
}

interface SharedState {
  readonly invocation: AsyncLocalStorage<InvocationScope>;
  readonly childScope: AsyncLocalStorage<ChildScope>;
  /** Guards of invocations the plugin is watching, by execution ARN; removed at invocation end. */
  readonly guards: Map<string, InvocationGuard>;
  /** Unpatched methods of each intercepted `Metrics` instance. */
  readonly writers: WeakMap<object, PowertoolsWriter>;
}

const SHARED_KEY = Symbol.for('@durable-powertools/metrics.shared.v1');

/**
 * State shared by every copy of this package loaded in the process. The SDK imports a plugin module
 * listed in `DURABLE_EXECUTION_PLUGINS` on its own, which may load the package's other build (ESM
 * next to CJS, or a second install): keying the state on a global symbol lets that plugin and the
 * middleware still find each other.
 */
const globalSlots = globalThis as Record<symbol, SharedState | undefined>;
globalSlots[SHARED_KEY] ??= {
  invocation: new AsyncLocalStorage<InvocationScope>(),
  childScope: new AsyncLocalStorage<ChildScope>(),
  guards: new Map<string, InvocationGuard>(),
  writers: new WeakMap<object, PowertoolsWriter>(),
};

export const shared: SharedState = globalSlots[SHARED_KEY];
