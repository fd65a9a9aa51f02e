import { type DurableMiddyRequest, onWorkflowError } from '@durable-powertools/commons';
import middy from '@middy/core';
import { describe, expect, it } from 'vitest';

/** The error middy's early timeout really throws for a handler that never settles. */
const middyEarlyTimeout = async (): Promise<unknown> => {
  // A handler that stays pending, as a suspended durable invocation's handler does.
  const handler = middy(() => new Promise<never>(() => undefined));
  return (handler as (event: unknown, context: unknown) => Promise<unknown>)(
    {},
    { getRemainingTimeInMillis: () => 20 },
  ).catch((thrown: unknown) => thrown);
};

/** Runs `onWorkflowError(onError)` for each error; returns the errors `onError` saw. */
const reachingOnError = async (errors: readonly unknown[]): Promise<unknown[]> => {
  const seen: unknown[] = [];
  const onError = onWorkflowError((request) => {
    seen.push(request.error);
  });
  for (const error of errors) {
    await onError({ error, internal: {} } as unknown as DurableMiddyRequest);
  }
  return seen;
};

describe('onWorkflowError', () => {
  it("skips the error middy's early timeout throws for a handler that never settles", async () => {
    // Prepare
    const timeout = await middyEarlyTimeout();

    // Act
    const seen = await reachingOnError([timeout]);

    // Assess
    expect(timeout).toBeInstanceOf(Error);
    expect((timeout as Error).name).toBe('TimeoutError');
    expect(seen).toEqual([]);
  });

  it('does not mistake other errors, timeouts included, for it', async () => {
    // Prepare
    const ownTimeout = Object.assign(new Error('took too long'), { name: 'TimeoutError' });
    const errors = [ownTimeout, new Error('workflow failed'), 'TimeoutError', undefined];

    // Act
    const seen = await reachingOnError(errors);

    // Assess
    expect(seen).toEqual(errors);
  });

  it("runs the wrapped onError for a failed workflow, not for middy's late early timeout", async () => {
    // Prepare
    const timeout = await middyEarlyTimeout();
    const workflowError = new Error('workflow failed');

    // Act
    const seen = await reachingOnError([timeout, workflowError]);

    // Assess
    expect(seen).toEqual([workflowError]);
  });
});
