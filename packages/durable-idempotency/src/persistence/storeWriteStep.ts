import type { DurableContext } from '@aws/durable-execution-sdk-js';

/** What a failed {@link storeWriteStep} reports: the store's own error when this invocation saw it. */
export class StoreWriteFailure {
  public readonly cause: unknown;

  public constructor(cause: unknown) {
    this.cause = cause;
  }
}

/**
 * Runs one store write in a checkpointed step, attempted `attempts` times: 1 s, 2 s, 4 s, ... apart,
 * each wait ending the invocation, so a retry never runs the workflow's finished steps again. Once
 * the step succeeded, replays return its checkpointed result without a request.
 *
 * @returns what `write` returned, or a {@link StoreWriteFailure} past the attempts, whose `cause` is
 * the store's error (or the SDK's record of it, when the last attempt ran in an earlier invocation)
 */
export const storeWriteStep = async <T>(
  context: DurableContext,
  name: string,
  attempts: number,
  write: () => Promise<T>,
): Promise<T | StoreWriteFailure> => {
  let storeError: unknown;
  try {
    return await context.step(
      name,
      async () => {
        try {
          return await write();
        } catch (error) {
          storeError = error;
          throw error;
        }
      },
      {
        retryStrategy: (_error, attemptsMade) =>
          attemptsMade >= attempts
            ? { shouldRetry: false }
            : { shouldRetry: true, delay: { seconds: 2 ** (attemptsMade - 1) } },
      },
    );
  } catch (error) {
    return new StoreWriteFailure(storeError ?? error);
  }
};
