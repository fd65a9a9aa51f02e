import {
  type DurableExecutionClient,
  DurableExecutionClientError,
  DurableExecutionClientErrorScope,
  type DurableExecutionInvocationInput,
  DurableExecutionInvocationInputWithClient,
  type DurableLambdaHandler,
  type OperationUpdate,
} from '@aws/durable-execution-sdk-js';
import { runDurable } from './runDurable.js';

/**
 * Wraps `handler` so that Lambda reports `remainingMs` left on every invocation (the local runner
 * always reports 900 000 ms): timers armed from it, such as middy's `timeoutEarlyInMillis`, then fire
 * after an invocation suspended.
 * @example
 * ```ts
 * const result = await runDurable(withRemainingTime(handler, 300), { payload: {} });
 * ```
 */
export const withRemainingTime =
  (handler: DurableLambdaHandler, remainingMs: number): DurableLambdaHandler =>
  (input, context) =>
    handler(input, { ...context, getRemainingTimeInMillis: () => remainingMs });

/** Options of {@link failCheckpointOnce}. */
export interface FailCheckpointOnceOptions {
  /** Which checkpoint fails: the first whose updates contain one this returns `true` for. */
  failWhen: (update: OperationUpdate) => boolean;
  /** Called when Lambda's retry of the failed invocation starts, with the invocation's position. */
  onRetry?: (invocation: number) => void;
}

/** `input` with its checkpoint client's `checkpoint` replaced by `checkpoint(real client)`. */
const withCheckpoint = (
  input: DurableExecutionInvocationInput,
  checkpoint: (real: DurableExecutionClient) => DurableExecutionClient['checkpoint'],
): DurableExecutionInvocationInput => {
  const real = (input as unknown as DurableExecutionInvocationInputWithClient)
    .durableExecutionClient;
  return new DurableExecutionInvocationInputWithClient(input, {
    getExecutionState: (params, logger) => real.getExecutionState(params, logger),
    checkpoint: checkpoint(real),
  }) as unknown as DurableExecutionInvocationInput;
};

/**
 * Stands in for a checkpoint call that fails transiently (throttled) and Lambda's retry of the failed
 * invocation. The first checkpoint matching `failWhen` throws an INVOCATION-scoped
 * `DurableExecutionClientError`, once per wrapper; the SDK ends that invocation as `RETRYING` and
 * rethrows, and the wrapper invokes the handler again with the same input, as Lambda would (the local
 * runner would reject the run). The checkpoint token is still current: the failed call never left.
 * @example
 * ```ts
 * const flaky = failCheckpointOnce(handler, { failWhen: (update) => update.Type === 'STEP' });
 * const result = await runDurable(flaky, { payload: {} });
 * ```
 */
export const failCheckpointOnce = (
  handler: DurableLambdaHandler,
  options: FailCheckpointOnceOptions,
): DurableLambdaHandler => {
  let failed = false;
  let invocations = 0;
  return async (input, context) => {
    const invocation = ++invocations;
    const flaky = withCheckpoint(input, (real) => async (params, logger) => {
      if (!failed && params.Updates?.some(options.failWhen)) {
        failed = true;
        throw new DurableExecutionClientError('injected: checkpoint throttled', {
          scope: DurableExecutionClientErrorScope.INVOCATION,
        });
      }
      return real.checkpoint(params, logger);
    });
    try {
      return await handler(flaky, context);
    } catch {
      options.onRetry?.(invocation);
      return handler(input, context); // Lambda's retry of the same invocation
    }
  };
};

/**
 * For benchmarks: runs `handler` for real ({@link runDurable}) until its `invocation`th invocation
 * starts, then `replay()` runs that invocation again in process, as often as needed, while the
 * execution stays where it is (say, in a 1 h wait); it rejects unless the invocation suspends again.
 * Each replay's checkpoints are answered in process (same token, no new operations): the durable
 * service cannot run here, and the local runner that produced the history would reject a repeated
 * checkpoint token. So the invocation should only checkpoint what it does not read back (the start
 * of the wait it suspends on, say).
 * @example
 * ```ts
 * const bare = captureReplay(bareHandler); // at module load: the executions start now
 * const suite = captureReplay(suiteHandler, { payload: event });
 * await Promise.all([bare.ready, suite.ready]); // in the suite's setup
 * const comparison = { name: 'replay', baseline: bare.replay, candidate: suite.replay };
 * ```
 */
export const captureReplay = (
  handler: DurableLambdaHandler,
  { payload, invocation = 2, timeoutMs = 600_000 }: CaptureReplayOptions = {},
): CapturedReplay => {
  let invocations = 0;
  let captured: Parameters<DurableLambdaHandler> | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    const spy: DurableLambdaHandler = async (input, context) => {
      if (++invocations === invocation) {
        captured = [input, context];
        resolve();
      }
      return handler(input, context);
    };
    runDurable(spy, { payload, timeoutMs }).then(
      () => reject(new Error(`the execution ended before invocation ${invocation}`)),
      reject,
    );
  });
  ready.catch(() => undefined); // reported where `ready` is awaited
  return {
    ready,
    get operationsAtStart() {
      return captured?.[0].InitialExecutionState?.Operations?.length ?? 0;
    },
    replay: async () => {
      const [input, context] = captured ?? [];
      if (input === undefined || context === undefined) throw new Error('await `ready` first');
      const stub = withCheckpoint(input, () => async ({ CheckpointToken }) => ({
        CheckpointToken,
        NewExecutionState: { Operations: [] },
      }));
      const output = await handler(stub, context);
      if (output.Status !== 'PENDING') throw new Error(`replay ended ${JSON.stringify(output)}`);
    },
  };
};

/** Options of {@link captureReplay}. */
export interface CaptureReplayOptions {
  /** The event the execution starts with. */
  payload?: unknown;
  /** Which invocation to capture. @default 2 (the first replay) */
  invocation?: number;
  /** The run's timeout: `ready` rejects if the invocation has not started. @default 600_000 */
  timeoutMs?: number;
}

/** What {@link captureReplay} returns; `ready` resolves once the invocation has started. */
export interface CapturedReplay {
  readonly ready: Promise<void>;
  /** Operations in the checkpoint history when the invocation started. */
  readonly operationsAtStart: number;
  replay(): Promise<void>;
}
