import type { DurableLambdaHandler } from '@aws/durable-execution-sdk-js';
import { LocalDurableTestRunner, type TestResult } from '@aws/durable-execution-sdk-js-testing';
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
import { classifyLines } from './parse.js';
import { newRunTimers, releaseRunTimers } from './runTimers.js';
import type {
  DurableHandler,
  DurableRunResult,
  InvocationCapture,
  MiddyDurableModeHandler,
  RunDurableOptions,
} from './types.js';

/** One invocation while the run is still going: its lines are parsed once the run has ended. */
type PendingCapture = Pick<InvocationCapture, 'operationsAtStart' | 'startedAt' | 'trace'> & {
  sink: CaptureSink;
  status: InvocationCapture['status'];
  durationMs: number;
};

/**
 * Runs a durable handler on the SDK's `LocalDurableTestRunner` with real time, so that every wait,
 * step retry and callback ends the invocation and the next invocation replays, and returns what each
 * invocation wrote to `process.stdout` and `process.stderr`, parsed into log records and EMF documents.
 *
 * Several runs may proceed at once in one process: each write is attributed to its own run and
 * invocation through `AsyncLocalStorage`.
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
  const runner = new LocalDurableTestRunner<TResult>({
    handlerFunction: async (input, context) => {
      const started = performance.now();
      const capture: PendingCapture = {
        sink: { chunks: [], passthrough: options.passthrough ?? false, timers },
        operationsAtStart: input.InitialExecutionState?.Operations?.length ?? 0,
        status: 'THREW',
        startedAt: Date.now(),
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
        capture.durationMs = performance.now() - started;
      }
    },
  });
  const startedAt = performance.now();
  const startedAtEpochMs = Date.now();
  const timeoutMs = options.timeoutMs ?? 30_000;
  let timeout: NodeJS.Timeout | undefined;
  let testResult: TestResult<TResult>;
  // Installed for the whole run, so that what an invocation leaves behind (a timer firing after it
  // suspended) is still captured and attributed to it.
  installOutputCapture();
  try {
    [testResult] = await Promise.race([
      Promise.all([runner.run({ payload: options.payload }), options.drive?.(runner)]),
      new Promise<never>((_, reject) => {
        timeout = setTimeout(
          () => reject(new DurableHarnessTimeoutError(timeoutMs, captures.length)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timeout);
    uninstallOutputCapture();
    // Timers the handlers left armed (middy's early timeout of a suspended invocation) must not keep
    // the process alive; they are cleared in teardownDurableHarness.
    releaseRunTimers(timers);
    if (trace && process.env._X_AMZN_TRACE_ID?.startsWith(`Root=${trace.root};`)) {
      if (headerBefore === undefined) delete process.env._X_AMZN_TRACE_ID;
      else process.env._X_AMZN_TRACE_ID = headerBefore;
    }
  }
  const invocations = captures.map(toInvocationCapture);
  const succeeded = testResult.getStatus() === 'SUCCEEDED';
  return {
    status: testResult.getStatus(),
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

const toInvocationCapture = (
  { sink, ...capture }: PendingCapture,
  position: number,
): InvocationCapture => {
  const { chunks, chunksAtReturn = chunks.length } = sink;
  const output = toLines(chunks);
  const textOf = (stream?: string) =>
    output
      .filter((line) => stream === undefined || line.stream === stream)
      .map((line) => line.text);
  return {
    index: position + 1,
    ...capture,
    lines: textOf(),
    output,
    stdout: textOf('stdout'),
    stderr: textOf('stderr'),
    lateLines: toLines(chunks.slice(chunksAtReturn)).map((line) => line.text),
    ...classifyLines(output),
  };
};
