import {
  type DurableContext,
  type InvocationInfo,
  withDurableExecution,
} from '@aws/durable-execution-sdk-js';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { retryEverySecond } from '../../../tests/support/retry.js';
import { estimateInvocationCount, estimateInvocationCountFromOperations } from '../src/index.js';

afterAll(() => teardownDurableHarness());

describe('estimateInvocationCountFromOperations', () => {
  it('numbers each invocation from the operations an instrumentation plugin is handed', async () => {
    // Prepare: a plugin records the estimate per invocation; the workflow records the context-based one
    const fromPlugin: number[] = [];
    const fromContext: (number | undefined)[] = [];
    let attempts = 0;
    const plugin = {
      onInvocationStart: async (info: InvocationInfo) => {
        fromPlugin.push(estimateInvocationCountFromOperations(Object.values(info.operations)));
      },
    };
    const handler = withDurableExecution(
      async (_event: unknown, context: DurableContext) => {
        fromContext.push(estimateInvocationCount(context));
        await context.step('reserve', async () => 'reserved');
        await context.wait({ seconds: 1 });
        return context.step(
          'charge',
          async () => {
            attempts++;
            if (attempts === 1) throw new Error('card network timeout');
            return 'charged';
          },
          {
            retryStrategy: retryEverySecond(2),
          },
        );
      },
      { plugins: [plugin] },
    );

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess: invocation 2 resumes the wait, invocation 3 the retry of `charge`
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 3 });
    expect(fromPlugin).toEqual([1, 2, 3]);
    expect(fromContext).toEqual(fromPlugin);
  });
});
