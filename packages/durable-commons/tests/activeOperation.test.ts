import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { retryEverySecond } from '../../../tests/support/retry.js';
import { type ActiveOperation, estimateInvocationCount, getActiveOperation } from '../src/index.js';

afterAll(() => teardownDurableHarness());

describe('getActiveOperation', () => {
  it('tells the root, a step attempt and a child context apart on the real SDK', async () => {
    // Prepare
    const seen: Record<string, ActiveOperation | undefined> = {};
    const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
      seen.root = getActiveOperation(context);
      await context.step('charge', async () => {
        seen.step = getActiveOperation(context);
      });
      await context.runInChildContext('enrich', async () => {
        seen.child = getActiveOperation(context);
      });
      seen.rootAgain = getActiveOperation(context);
      return 'ok';
    });

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 1 });
    expect(seen.root).toBeUndefined();
    expect(seen.rootAgain).toBeUndefined();
    expect(seen.step).toMatchObject({ operationName: 'charge', attempt: 1 });
    expect(seen.child).toMatchObject({ operationName: 'enrich' });
    expect(seen.child?.attempt).toBeUndefined();
    expect(seen.child?.operationId).not.toBe(seen.step?.operationId);
  });
});

describe('estimateInvocationCount', () => {
  it('matches the invocations of a workflow that suspends on one thing at a time', async () => {
    // Prepare
    let estimate: number | undefined;
    const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
      await context.wait({ seconds: 1 });
      await context.step(
        'flaky',
        async (step) => {
          if (step.attempt < 2) throw new Error('try again');
        },
        { retryStrategy: retryEverySecond(2) },
      );
      estimate = estimateInvocationCount(context);
      return 'ok';
    });

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    const count = expectInvocationCount(result, { exactly: 3 });
    expect(estimate).toBe(count);
  });
});
