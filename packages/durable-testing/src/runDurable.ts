import type {
  DurableExecutionInvocationInput,
  DurableExecutionInvocationOutput,
  DurableLambdaHandler,
} from '@aws/durable-execution-sdk-js';
import { LocalDurableTestRunner } from '@aws/durable-execution-sdk-js-testing';
import type { Context } from 'aws-lambda';
import { setupDurableHarness } from './environment.js';
import { DurableHarnessTimeoutError } from './errors.js';
import { classifyLines } from './parse.js';
import { type CaptureSink, captureStdout, toLines } from './stdoutCapture.js';
import type { InvocationCapture } from './types/capture.js';
import type {
  DurableHandler,
  DurableRunResult,
  MiddyDurableModeHandler,
  RunDurableOptions,
} from './types/run.js';

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Runs a durable handler on the SDK's `LocalDurableTestRunner` with real time, so that every wait,
 * step retry and callback ends the invocation and the next invocation replays, and returns what each
 * invocation wrote to `process.stdout`, parsed into log records and EMF documents.
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
  const invocations: InvocationCapture[] = [];
  const instrumentedHandler = async (
    input: DurableExecutionInvocationInput,
    context: Context,
  ): Promise<DurableExecutionInvocationOutput> => {
    const sink: CaptureSink = { chunks: [], passthrough: options.passthrough ?? false };
    const index = invocations.length + 1;
    const startedAt = performance.now();
    let status: InvocationCapture['status'] = 'THREW';
    try {
      const output = await captureStdout(sink, () =>
        (handler as DurableLambdaHandler)(input, context),
      );
      status = output.Status;
      return output;
    } finally {
      const lines = toLines(sink.chunks);
      invocations.push({
        index,
        operationsAtStart: input.InitialExecutionState?.Operations?.length ?? 0,
        status,
        lines,
        ...classifyLines(lines),
        durationMs: performance.now() - startedAt,
      });
    }
  };

  const runner = new LocalDurableTestRunner<TResult>({ handlerFunction: instrumentedHandler });
  const startedAt = performance.now();
  const execution = runner.run({ payload: options.payload });
  const driving = options.drive?.(runner);
  const testResult = await withTimeout(
    Promise.all([execution, driving]).then(([result]) => result),
    options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    () => invocations.length,
  );
  invocations.sort((left, right) => left.index - right.index);
  const status = testResult.getStatus();
  const succeeded = status === 'SUCCEEDED';
  return {
    status,
    // The runner throws when asked for the result of a failed run or the error of a succeeded one.
    result: succeeded ? testResult.getResult() : undefined,
    error: succeeded ? undefined : testResult.getError(),
    operations: testResult.getOperations(),
    invocations,
    records: invocations.flatMap((invocation) => invocation.records),
    emf: invocations.flatMap((invocation) => invocation.emf),
    text: invocations.flatMap((invocation) => invocation.text),
    testResult,
    durationMs: performance.now() - startedAt,
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
