import { AsyncLocalStorage } from 'node:async_hooks';
import type { InvocationTrace, OperationNode } from './invocationTrace.js';

/**
 * Where the plugin finds the invocation and the durable operation that code runs in. The only module
 * that knows how: swapping it for the suite's lifecycle core changes nothing else.
 */
interface TraceScope {
  readonly invocation: InvocationTrace;
  /** The innermost operation (step attempt or child context) the code runs in, if any. */
  readonly operation: OperationNode | undefined;
}

// On a registered symbol: the plugin the SDK imports from DURABLE_EXECUTION_PLUGINS and the code that
// asks for the current trace context may come from two copies of this package. The storage only
// routes; each scope lives in, and dies with, its invocation's async context.
const STORAGE_SYMBOL = Symbol.for('@durable-powertools/opentelemetry.scope');
const registry = globalThis as { [STORAGE_SYMBOL]?: AsyncLocalStorage<TraceScope> };
const storage = registry[STORAGE_SYMBOL] ?? new AsyncLocalStorage<TraceScope>();
registry[STORAGE_SYMBOL] = storage;

/** Runs `fn` (the SDK's invocation) as the code of `invocation`. */
export const runInInvocation = <T>(invocation: InvocationTrace, fn: () => T): T =>
  storage.run({ invocation, operation: undefined }, fn);

/** Runs `fn` (an attempt or a child context's function) inside `operation`. */
export const runInOperation = <T>(operation: OperationNode, fn: () => T): T =>
  storage.run({ invocation: operation.invocation, operation }, fn);

/** The invocation running now, or `undefined` outside a plugin-wrapped invocation. */
export const currentInvocation = (): InvocationTrace | undefined => storage.getStore()?.invocation;

/** The innermost operation running now, or `undefined` in the workflow's top level. */
export const currentOperation = (): OperationNode | undefined => storage.getStore()?.operation;
