import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import {
  countMessages,
  DurableAssertionError,
  expectEachMessageOnce,
  expectInvocationCount,
  runDurable,
  setupDurableHarness,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const stepWaitChain = withDurableExecution(async (_event: unknown, context: DurableContext) => {
  console.log('body: started');
  context.logger.info('sdk: started');
  await context.step('first', async () => 1);
  await context.wait({ seconds: 1 });
  context.logger.info('sdk: after first wait');
  await context.step('second', async () => 2);
  await context.wait({ seconds: 1 });
  await context.step('third', async () => 3);
  context.logger.info('sdk: finished');
  return 'done';
});

describe('runDurable on the real SDK', () => {
  beforeAll(() => setupDurableHarness());
  afterAll(() => teardownDurableHarness());

  it('crosses one invocation per wait in a step/wait/step/wait/step workflow', async () => {
    // Act
    const result = await runDurable(stepWaitChain, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.result).toBe('done');
    expectInvocationCount(result, { exactly: 3 });
    expect(result.invocations.map((invocation) => invocation.status)).toEqual([
      'PENDING',
      'PENDING',
      'SUCCEEDED',
    ]);
    expect(result.invocations.map((invocation) => invocation.operationsAtStart)).toEqual([1, 3, 5]);
  });

  it("sees the SDK's context.logger once and a plain console.log in the body on every replay", async () => {
    // Act
    const result = await runDurable(stepWaitChain, { payload: {} });

    // Assess
    expectEachMessageOnce(result, ['sdk: started', 'sdk: after first wait', 'sdk: finished']);
    expect(countMessages(result).get('body: started')).toBe(3);
    expect(() => expectEachMessageOnce(result)).toThrow(DurableAssertionError);
    expect(() => expectEachMessageOnce(result)).toThrow(/"body: started": 3 time/);
  });
});
