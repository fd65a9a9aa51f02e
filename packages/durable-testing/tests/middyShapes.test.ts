import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import middy from '@middy/core';
import { executionModeDurableContext } from '@middy/core/DurableContext';
import { afterAll, describe, expect, it } from 'vitest';

type Phase = 'before' | 'after' | 'onError';

const countingMiddleware = (calls: Phase[]) => ({
  before: () => {
    calls.push('before');
  },
  after: () => {
    calls.push('after');
  },
  onError: () => {
    calls.push('onError');
  },
});

const workflow = async (event: { fail?: boolean }, context: DurableContext) => {
  await context.step('first', async () => 1);
  await context.wait({ seconds: 1 });
  if (event.fail) throw new Error('workflow failed');
  return 'done';
};

const shapes = {
  'withDurableExecution(middy(handler))': (calls: Phase[]) =>
    withDurableExecution(middy(workflow).use(countingMiddleware(calls))),
  'middy(handler, { executionMode: executionModeDurableContext })': (calls: Phase[]) =>
    middy(workflow, { executionMode: executionModeDurableContext }).use(countingMiddleware(calls)),
};

afterAll(() => teardownDurableHarness());

describe.concurrent.each(Object.entries(shapes))('middy shape %s', (_name, build) => {
  it('runs before on every invocation and after only on the completing one', async () => {
    // Prepare
    const calls: Phase[] = [];

    // Act
    const result = await runDurable(build(calls), { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(calls).toEqual(['before', 'before', 'after']);
  });

  it('runs onError only on the invocation where the workflow fails', async () => {
    // Prepare
    const calls: Phase[] = [];

    // Act
    const result = await runDurable(build(calls), { payload: { fail: true } });

    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error?.errorMessage).toBe('workflow failed');
    expectInvocationCount(result, { exactly: 2 });
    expect(calls).toEqual(['before', 'before', 'onError']);
  });
});
