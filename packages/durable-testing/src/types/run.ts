import type { DurableLambdaHandler } from '@aws/durable-execution-sdk-js';
import type {
  DurableOperation,
  LocalDurableTestRunner,
  TestResult,
  TestResultError,
} from '@aws/durable-execution-sdk-js-testing';
import type { CapturedLine, EmfDocument, InvocationCapture, LogRecord } from './capture.js';
import type { ExecutionTrace, RunTraceOptions } from './trace.js';

/**
 * Options of {@link runDurable}.
 *
 * @example
 * ```ts
 * const options: RunDurableOptions = { payload: { orderId: '42' }, timeoutMs: 10_000 };
 * const result = await runDurable(handler, options);
 * ```
 */
export interface RunDurableOptions {
  /** The event the execution starts with. */
  payload?: unknown;
  /**
   * Runs beside the execution once it has started, with the runner: use it to complete callbacks
   * (`runner.getOperation('approval').waitForData(...)`, then `sendCallbackSuccess`).
   */
  drive?: (runner: LocalDurableTestRunner) => Promise<void>;
  /** Also write captured lines to the real stdout/stderr (default `false`: tests stay quiet). */
  passthrough?: boolean;
  /** Fail the run if it has not finished after this many milliseconds (default 30 000). */
  timeoutMs?: number;
  /**
   * Start every invocation with an X-Ray trace header as the Lambda runtime does: one `Root` for the
   * execution, a new `Parent` per invocation, the execution's `Sampled`; in `_X_AMZN_TRACE_ID`, or in
   * multi-concurrency mode (`AWS_LAMBDA_MAX_CONCURRENCY` set) in the invoke store
   * (`globalThis.awslambda.InvokeStore`). `true` is `{}`. The previous `_X_AMZN_TRACE_ID` is restored
   * when the run ends. Default: no header at all (the local runner sets none).
   */
  trace?: boolean | RunTraceOptions;
}

/**
 * What {@link runDurable} returns: the runner's verdict and, per invocation, what was written.
 *
 * @example
 * ```ts
 * const result: DurableRunResult = await runDurable(handler, { payload: {} });
 * console.log(result.status, result.invocations.map((invocation) => invocation.status));
 * ```
 */
export interface DurableRunResult<TResult = unknown> {
  /** `SUCCEEDED`, `FAILED`, ... as the local runner reports the execution. */
  readonly status: string | undefined;
  readonly result: TResult | undefined;
  readonly error: TestResultError | undefined;
  readonly operations: readonly DurableOperation[];
  readonly invocations: readonly InvocationCapture[];
  /** All lines of all invocations, in order, each with its stream (`stdout` or `stderr`). */
  readonly output: readonly CapturedLine[];
  /** All log records of all invocations (both streams), in order. */
  readonly records: readonly LogRecord[];
  /** All EMF documents of all invocations, in order. */
  readonly emf: readonly EmfDocument[];
  /** All non-JSON lines of all invocations, in order. */
  readonly text: readonly string[];
  /** The runner's own result, for anything not surfaced here. */
  readonly testResult: TestResult<TResult>;
  /** The execution's X-Ray trace (`root`, `sampled`, `header`) when the `trace` option was given. */
  readonly trace?: ExecutionTrace | undefined;
  /** When the run started, in epoch milliseconds. */
  readonly startedAt: number;
  /** Wall-clock milliseconds from start to finish. */
  readonly durationMs: number;
}

/**
 * A durable handler as `withDurableExecution(...)` returns it.
 *
 * @example
 * ```ts
 * const handler: DurableHandler = withDurableExecution(async (event, context) => 'done');
 * ```
 */
export type DurableHandler = DurableLambdaHandler;

/**
 * A middy 7 chain in durable mode (`middy(workflow, { executionMode: executionModeDurableContext })`):
 * it is a durable handler at run time, but its declared type names the workflow's event rather than the
 * raw invocation input it really receives.
 *
 * @example
 * ```ts
 * const handler: MiddyDurableModeHandler = middy(workflow, {
 *   executionMode: executionModeDurableContext,
 * });
 * await runDurable(handler, { payload: {} });
 * ```
 */
export type MiddyDurableModeHandler = (...args: never[]) => Promise<unknown>;
