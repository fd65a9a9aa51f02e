import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { WaitingOperationStatus } from '@aws/durable-execution-sdk-js-testing';
import {
  expectInvocationCount,
  runDurable,
  setupDurableHarness,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The README's `drive` examples, run as written.

beforeAll(() => setupDurableHarness());
afterAll(() => teardownDurableHarness());

describe('drive: answering a callback', () => {
  it('createCallback: wait for STARTED (SUBMITTED would only resolve at the callback’s timeout)', async () => {
    // Prepare
    const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
      const [answer] = await context.createCallback<string>('approval', {
        timeout: { minutes: 5 },
      });
      return answer;
    });

    // Act
    const result = await runDurable(handler, {
      drive: async (runner) => {
        const approval = runner.getOperation('approval');
        await approval.waitForData(WaitingOperationStatus.STARTED);
        await approval.sendCallbackSuccess('approved');
      },
    });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.result).toBe('approved');
    expectInvocationCount(result, { exactly: 2 });
    expect(result.durationMs).toBeLessThan(20_000);
  });

  it('waitForCallback: wait for SUBMITTED, once the submitter has run', async () => {
    // Prepare
    const submitted: string[] = [];
    const handler = withDurableExecution(async (_event: unknown, context: DurableContext) =>
      context.waitForCallback<string>(
        'approval',
        async (callbackId) => {
          submitted.push(callbackId);
        },
        { timeout: { minutes: 5 } },
      ),
    );

    // Act
    const result = await runDurable(handler, {
      drive: async (runner) => {
        const approval = runner.getOperation('approval');
        await approval.waitForData(WaitingOperationStatus.SUBMITTED);
        await approval.sendCallbackSuccess('approved');
      },
    });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.result).toBe('approved');
    expect(submitted).toHaveLength(1);
    expect(result.durationMs).toBeLessThan(20_000);
  });
});
