import type {
  DurableExecutionInvocationInput,
  DurableExecutionInvocationOutput,
  DurableLambdaHandler,
} from '@aws/durable-execution-sdk-js';
import { LocalDurableTestRunner, type TestResult } from '@aws/durable-execution-sdk-js-testing';
import type { Context } from 'aws-lambda';
import { setupDurableHarness } from './environment.js';
import { DurableHarnessTimeoutError } from './errors.js';
import { newExecutionTrace, newInvocationTrace, runWithTraceHeader } from './lambdaTrace.js';
import {
  type CaptureSink,
  captureOutput,
  installOutputCapture,
  toLines,
  uninstallOutputCapture,
} from './outputCapture.js';
import { classifyOutput } from './parse.js';
import { newRunTimers, releaseRunTimers } from './runTimers.js';
import type { InvocationCapture } from './types/capture.js';
import type {
  DurableHandler,
  DurableRunResult,
  MiddyDurableModeHandler,
  RunDurableOptions,
} from './types/run.js';
import type { InvocationTrace } from './types/trace.js';

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Runs a durable handler on the SDK's `LocalDurableTestRunner` with real time, so that every wait,
 * step retry and callback ends the invocation and the next invocation replays, and returns what each
 * invocation wrote to `process.stdout` and `process.stderr`, parsed into log records and EMF documents.
 *
 * Several runs may proceed at once in one process: each write is attributed to its own run and
 * invocation through `AsyncLocalStorage`.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { expectEachMessageOnce, expectInvocationCount, runDurable } from '@durable-powertools/testing';
 *
 * const handler = withDurableExecution(async (event, context) => {
 *   await context.step('charge', async () => 'ok');
 *   await context.wait({ seconds: 1 });
 *   context.logger.info('done');
 *   return 'finished';
 * });
 *
 * const result = await runDurable(handler, { payload: { orderId: '42' } });
 * expectInvocationCount(result, { atLeast: 2 });
 * expectEachMessageOnce(result);
 * ```
 */
export const runDurable = async <TResult = unknown>(
  handler: DurableHandler | MiddyDurableModeHandler,
  options: RunDurableOptions = {},
): Promise<DurableRunResult<TResult>> => {
  await setupDurableHarness();
  const captures: PendingCapture[] = [];
  const timers = newRunTimers();
  const trace = options.trace ? newExecutionTrace(options.trace) : undefined;
  const headerBefore = process.env._X_AMZN_TRACE_ID;
  const instrumentedHandler = async (
    input: DurableExecutionInvocationInput,
    context: Context,
  ): Promise<DurableExecutionInvocationOutput> => {
    const capture: PendingCapture = {
      sink: { chunks: [], passthrough: options.passthrough ?? false, timers },
      operationsAtStart: input.InitialExecutionState?.Operations?.length ?? 0,
      status: 'THREW',
      startedAt: performance.now(),
      startedAtEpochMs: Date.now(),
      durationMs: 0,
      trace: trace && newInvocationTrace(trace),
    };
    captures.push(capture);
    const invoke = () =>
      captureOutput(capture.sink, () => (handler as DurableLambdaHandler)(input, context));
    try {
      const output = await (capture.trace
        ? runWithTraceHeader(capture.trace, context.awsRequestId, invoke)
        : invoke());
      capture.status = output.Status;
      return output;
    } finally {
      capture.durationMs = performance.now() - capture.startedAt;
    }
  };

  const runner = new LocalDurableTestRunner<TResult>({ handlerFunction: instrumentedHandler });
  const startedAt = performance.now();
  const startedAtEpochMs = Date.now();
  // Installed for the whole run, so that what an invocation leaves behind (a timer firing after it
  // suspended) is still captured and attributed to it.
  installOutputCapture();
  let testResult: TestResult<TResult>;
  try {
    const execution = runner.run({ payload: options.payload });
    const driving = options.drive?.(runner);
    testResult = await withTimeout(
      Promise.all([execution, driving]).then(([result]) => result),
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      () => captures.length,
    );
  } finally {
    uninstallOutputCapture();
    // Timers the handlers left armed (middy's early timeout of a suspended invocation) must not keep
    // the process alive; they are cleared in teardownDurableHarness.
    releaseRunTimers(timers);
    if (trace && process.env._X_AMZN_TRACE_ID?.startsWith(`Root=${trace.root};`)) {
      restoreTraceHeader(headerBefore);
    }
  }
  const invocations = captures.map(toInvocationCapture);
  const status = testResult.getStatus();
  const succeeded = status === 'SUCCEEDED';
  return {
    status,
    // The runner throws when asked for the result of a failed run or the error of a succeeded one.
    result: succeeded ? testResult.getResult() : undefined,
    error: succeeded ? undefined : testResult.getError(),
    operations: testResult.getOperations(),
    invocations,
    output: invocations.flatMap((invocation) => invocation.output),
    records: invocations.flatMap((invocation) => invocation.records),
    emf: invocations.flatMap((invocation) => invocation.emf),
    text: invocations.flatMap((invocation) => invocation.text),
    testResult,
    trace,
    startedAt: startedAtEpochMs,
    durationMs: performance.now() - startedAt,
  };
};

/** One invocation while the run is still going: its lines are parsed once the run has ended. */
interface PendingCapture {
  sink: CaptureSink;
  operationsAtStart: number;
  status: InvocationCapture['status'];
  startedAt: number;
  /** `Date.now()` when the invocation started, to place it beside the runner's timestamps. */
  startedAtEpochMs: number;
  durationMs: number;
  trace: InvocationTrace | undefined;
}

const restoreTraceHeader = (header: string | undefined): void => {
  if (header === undefined) delete process.env._X_AMZN_TRACE_ID;
  else process.env._X_AMZN_TRACE_ID = header;
};

const toInvocationCapture = (capture: PendingCapture, position: number): InvocationCapture => {
  const { chunks, chunksAtReturn = chunks.length } = capture.sink;
  const output = toLines(chunks);
  return {
    index: position + 1,
    operationsAtStart: capture.operationsAtStart,
    status: capture.status,
    lines: output.map((line) => line.text),
    output,
    stdout: output.filter((line) => line.stream === 'stdout').map((line) => line.text),
    stderr: output.filter((line) => line.stream === 'stderr').map((line) => line.text),
    lateLines: toLines(chunks.slice(chunksAtReturn)).map((line) => line.text),
    ...classifyOutput(output),
    startedAt: capture.startedAtEpochMs,
    durationMs: capture.durationMs,
    trace: capture.trace,
  };
};

const withTimeout = async <T>(
  promise: Promise<T>,
  timeoutMs: number,
  invocationsSoFar: () => number,
): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DurableHarnessTimeoutError(timeoutMs, invocationsSoFar())),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
};
