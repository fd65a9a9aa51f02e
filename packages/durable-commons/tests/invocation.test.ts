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
import {
  type DurableInvocation,
  DurablePowertoolsPlugin,
  defineSlot,
  requireInvocation,
  subscribe,
} from '../src/index.js';
import { summarizeHistory } from '../src/sdkInternals.js';

afterAll(() => teardownDurableHarness());

describe('invocation.index (summarizeHistory)', () => {
  it('numbers each invocation from the operations an instrumentation plugin is handed', async () => {
    // Prepare: a plugin records the estimate per invocation; the workflow records the core's index
    const fromPlugin: number[] = [];
    const fromCore: number[] = [];
    let attempts = 0;
    const plugin = {
      onInvocationStart: async (info: InvocationInfo) => {
        fromPlugin.push(summarizeHistory(info.operations).index);
      },
    };
    const handler = withDurableExecution(
      async (_event: unknown, context: DurableContext) => {
        fromCore.push(requireInvocation(context, 'test').index);
        await context.step('reserve', async () => 'reserved');
        await context.wait({ seconds: 1 });
        return context.step(
          'charge',
          async () => {
            attempts++;
            if (attempts === 1) throw new Error('card network timeout');
            return 'charged';
          },
          { retryStrategy: retryEverySecond(2) },
        );
      },
      { plugins: [plugin, new DurablePowertoolsPlugin()] },
    );

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess: invocation 2 resumes the wait, invocation 3 the retry of `charge`
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 3 });
    expect(fromPlugin).toEqual([1, 2, 3]);
    expect(fromCore).toEqual(fromPlugin);
  });

  it('counts finished waits, callbacks and chained invokes, and the retries of steps', () => {
    // Prepare
    const history = {
      e: { id: 'e', type: 'EXECUTION', status: 'STARTED', isReplay: false },
      w: { id: 'w', type: 'WAIT', status: 'SUCCEEDED', isReplay: false },
      p: { id: 'p', type: 'WAIT', status: 'STARTED', isReplay: false },
      c: { id: 'c', type: 'CALLBACK', status: 'SUCCEEDED', isReplay: false },
      i: { id: 'i', type: 'CHAINED_INVOKE', status: 'FAILED', isReplay: false },
      // done after 3 attempts: 2 retries; pending after 2 attempts: 2 retry delays
      s: { id: 's', type: 'STEP', status: 'SUCCEEDED', attempt: 3, isReplay: false },
      r: { id: 'r', type: 'STEP', status: 'PENDING', attempt: 2, isReplay: false },
      x: { id: 'x', type: 'CONTEXT', status: 'SUCCEEDED', isReplay: false },
    } as const;

    // Act
    const { index } = summarizeHistory(history);

    // Assess
    expect(index).toBe(1 + 3 + 2 + 2);
    expect(summarizeHistory({})).toEqual({ index: 1, hasFinishedChildren: false });
  });
});

describe('defineSlot', () => {
  it('holds one value per invocation, created on first get, visible to peek', async () => {
    // Prepare
    let created = 0;
    const slot = defineSlot('@durable-powertools/commons.test.counter', (invocation) => {
      created++;
      return { index: invocation.index, hits: 0 };
    });
    const sameName = defineSlot('@durable-powertools/commons.test.counter', () => ({
      index: -1,
      hits: -1,
    }));
    const seen: string[] = [];
    const handler = withDurableExecution(
      async (_event: unknown, context: DurableContext) => {
        const invocation = requireInvocation(context, 'test');
        seen.push(`peek before ${JSON.stringify(slot.peek(invocation))}`);
        slot.get(invocation).hits++;
        slot.get(invocation).hits++;
        seen.push(`after ${JSON.stringify(slot.peek(invocation))}`);
        seen.push(`same name ${sameName.get(invocation) === slot.get(invocation)}`);
        await context.wait({ seconds: 1 });
        return 'ok';
      },
      { plugins: [new DurablePowertoolsPlugin()] },
    );

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(created).toBe(2);
    expect(seen).toEqual([
      'peek before undefined',
      'after {"index":1,"hits":2}',
      'same name true',
      'peek before undefined',
      'after {"index":2,"hits":2}',
      'same name true',
    ]);
  });
});

describe('subscribe', () => {
  it('is a no-op for an object already subscribed, and its unsubscribe stops the hooks', async () => {
    // Prepare
    const arns = new Set<string>();
    const starts: number[] = [];
    const subscriber = {
      name: 'twice',
      onInvocationStart: (invocation: DurableInvocation) => {
        if (arns.has(invocation.executionArn) || arns.size === 0) starts.push(invocation.index);
      },
    };
    const unsubscribe = subscribe(subscriber);
    const unsubscribeAgain = subscribe(subscriber);
    const handler = withDurableExecution(
      async (_event: unknown, context: DurableContext) => {
        arns.add(context.executionContext.durableExecutionArn);
        requireInvocation(context, 'test');
        if (starts.length === 1) unsubscribe(); // after the first invocation's hook
        await context.wait({ seconds: 1 });
        return 'ok';
      },
      { plugins: [new DurablePowertoolsPlugin()] },
    );

    // Act
    const result = await runDurable(handler, { payload: {} });
    unsubscribeAgain();

    // Assess: one call for invocation 1 (not two), none for invocation 2
    expectInvocationCount(result, { exactly: 2 });
    expect(starts).toEqual([1]);
  });

  it('reports a throwing hook once as a process warning and keeps the invocation going', async () => {
    // Prepare
    const warnings: { code?: string; message: string }[] = [];
    const onWarning = (warning: Error & { code?: string }) => {
      warnings.push({ code: warning.code, message: warning.message });
    };
    process.on('warning', onWarning);
    const unsubscribe = subscribe({
      name: 'broken-subscriber',
      onInvocationStart: () => {
        throw new Error('boom');
      },
      wrapOperationAttemptFn: () => {
        throw new Error('wrap boom');
      },
    });
    let attempts = 0;
    const handler = withDurableExecution(
      async (_event: unknown, context: DurableContext) => {
        await context.step('count', async () => ++attempts);
        await context.wait({ seconds: 1 });
        return 'ok';
      },
      { plugins: [new DurablePowertoolsPlugin()] },
    );

    // Act
    const result = await runDurable(handler, { payload: {} });
    unsubscribe();
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(attempts).toBe(1);
    const failed = warnings.filter(({ code }) => code === 'DURABLE_POWERTOOLS_HOOK_FAILED');
    expect(failed.map(({ message }) => message)).toEqual([
      'durable-powertools: broken-subscriber failed in its onInvocationStart hook and was skipped there: Error: boom',
      'durable-powertools: broken-subscriber failed in its wrapOperationAttemptFn hook and was skipped there: Error: wrap boom',
    ]);
  });
});
