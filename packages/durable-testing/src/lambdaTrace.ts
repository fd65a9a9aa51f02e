import { randomBytes } from 'node:crypto';
import type { ExecutionTrace, InvocationTrace, RunTraceOptions } from './types.js';

// How Lambda hands a durable execution's trace to its invocations (the local runner does not): the
// same X-Ray `Root` on every invocation, each with its own `Parent` (API_TraceHeader.html; the SDK's
// otel package, context-extractors.ts, `xRayContextExtractor`: the invocation-local header first);
// the runtime sets `_X_AMZN_TRACE_ID` except in multi-concurrency mode (`AWS_LAMBDA_MAX_CONCURRENCY`)
// and runs each invocation in `InvokeStore.run` (aws-lambda-ric 4.0.2, `runWithInvokeContext`).

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** The execution's trace: a fresh `Root` unless one is given, `Sampled=1` unless `sampled: false`. */
export const newExecutionTrace = (options: RunTraceOptions | true): ExecutionTrace => {
  const { root = `1-${Math.floor(Date.now() / 1000).toString(16)}-${hex(12)}`, sampled = true } =
    options === true ? {} : options;
  return { root, sampled, header: `Root=${root};Sampled=${sampled ? 1 : 0}` };
};

/** One invocation's header: the execution's `Root` and `Sampled`, a new `Parent`. */
export const newInvocationTrace = ({ root, sampled }: ExecutionTrace): InvocationTrace => {
  const parent = hex(8);
  return {
    root,
    parent,
    sampled,
    header: `Root=${root};Parent=${parent};Sampled=${sampled ? 1 : 0}`,
  };
};

/**
 * Runs one invocation as the runtime starts it with `trace`: `_X_AMZN_TRACE_ID` set (one invocation
 * at a time), or, in multi-concurrency mode, the invocation inside the invoke store
 * (`globalThis.awslambda.InvokeStore`, created as the runtime creates it) with its request id and
 * trace header, the environment left alone.
 */
export const runWithTraceHeader = async <T>(
  trace: InvocationTrace,
  requestId: string,
  fn: () => Promise<T>,
): Promise<T> => {
  if (process.env.AWS_LAMBDA_MAX_CONCURRENCY === undefined) {
    process.env._X_AMZN_TRACE_ID = trace.header;
    return fn();
  }
  // Loaded only here: importing it creates `globalThis.awslambda`, which the runtime owns.
  const { InvokeStore, InvokeStoreBase } = await import('@aws/lambda-invoke-store');
  const store = await InvokeStore.getInstanceAsync();
  const { REQUEST_ID, X_RAY_TRACE_ID } = InvokeStoreBase.PROTECTED_KEYS;
  return store.run({ [REQUEST_ID]: requestId, [X_RAY_TRACE_ID]: trace.header }, fn);
};
