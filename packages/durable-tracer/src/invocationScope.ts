import { AsyncLocalStorage } from 'node:async_hooks';
import type { InvocationEndInfo } from '@aws/durable-execution-sdk-js';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { TraceSubsegment } from './types/xray.js';

/**
 * What one invocation's tracing knows: opened by {@link DurableTracerPlugin} around the invocation,
 * read and adjusted by the middleware, gone when the invocation's async context ends.
 */
export interface InvocationScope {
  readonly executionArn: string;
  /** 1-based invocation number, estimated from the checkpoint history. */
  readonly invocation: number;
  readonly firstInvocation: boolean;
  /** `undefined` when tracing is disabled or there is no segment to attach to. */
  readonly handlerSubsegment: TraceSubsegment | undefined;
  /** The Tracer whose settings apply to the response and error metadata (the middleware's, if any). */
  tracer: Tracer;
  /** Set by the middleware; wins over the plugin's own option. */
  captureResponse: boolean | undefined;
  /** What the SDK reported in `onInvocationEnd` (result or error of the execution). */
  end: InvocationEndInfo | undefined;
}

// Looked up under a registered symbol, not held in this module: the SDK imports the plugin named in
// DURABLE_EXECUTION_PLUGINS itself, so the plugin and the middleware may come from two copies of
// this package (a bundled handler and node_modules, or ESM and CJS) and must still meet. The storage
// only routes; every scope lives in, and dies with, its invocation's async context.
const STORAGE_SYMBOL = Symbol.for('@durable-powertools/tracer.invocationScope');
const registry = globalThis as { [STORAGE_SYMBOL]?: AsyncLocalStorage<InvocationScope> };
const storage = registry[STORAGE_SYMBOL] ?? new AsyncLocalStorage<InvocationScope>();
registry[STORAGE_SYMBOL] = storage;

/** Runs `fn` (the SDK's invocation) with `scope` as the current invocation's scope. */
export const runInInvocationScope = <T>(scope: InvocationScope, fn: () => T): T =>
  storage.run(scope, fn);

/** The scope of the invocation running now, or `undefined` outside a plugin-wrapped invocation. */
export const currentInvocationScope = (): InvocationScope | undefined => storage.getStore();
