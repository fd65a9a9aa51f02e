import {
  type DurableMiddyRequest,
  isMiddyTimeoutError,
  onWorkflowError,
} from '@durable-powertools/commons';
import middy from '@middy/core';
import { describe, expect, it } from 'vitest';

describe('isMiddyTimeoutError', () => {
  it("recognises the error middy's early timeout throws for a handler that never settles", async () => {
    // Prepare: a handler that stays pending, as a suspended durable invocation's handler does.
    const handler = middy(() => new Promise<never>(() => undefined));
    const context = { getRemainingTimeInMillis: () => 20 };

    // Act
    const error = await (handler as (event: unknown, context: unknown) => Promise<unknown>)(
      {},
      context,
    ).catch((thrown: unknown) => thrown);

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(isMiddyTimeoutError(error)).toBe(true);
  });

  it('does not mistake other errors, timeouts included, for it', () => {
    // Prepare
    const ownTimeout = Object.assign(new Error('took too long'), { name: 'TimeoutError' });

    // Act
    const verdicts = [ownTimeout, new Error('workflow failed'), 'TimeoutError', undefined].map(
      isMiddyTimeoutError,
    );

    // Assess
    expect(verdicts).toEqual([false, false, false, false]);
  });
});

describe('onWorkflowError', () => {
  it("runs the wrapped onError for a failed workflow, not for middy's late early timeout", async () => {
    // Prepare: the error middy's early timeout really throws, and a workflow's own error.
    const handler = middy(() => new Promise<never>(() => undefined));
    const timeout = await (handler as (event: unknown, context: unknown) => Promise<unknown>)(
      {},
      { getRemainingTimeInMillis: () => 20 },
    ).catch((thrown: unknown) => thrown as Error);
    const seen: unknown[] = [];
    const onError = onWorkflowError((request) => {
      seen.push(request.error);
    });
    const requestWith = (error: Error) =>
      ({ error, internal: {} }) as unknown as DurableMiddyRequest;
    const workflowError = new Error('workflow failed');

    // Act
    await onError(requestWith(timeout as Error));
    await onError(requestWith(workflowError));

    // Assess
    expect(seen).toEqual([workflowError]);
  });
});
