import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import {
  assertDurableContext,
  DurableContextMissingError,
  type DurableInvocation,
  describeInvocation,
  getDurableExecutionMode,
  getExecutionStartTime,
  getParentId,
  isDurableContext,
  isReplaying,
} from '@durable-powertools/commons';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';

afterAll(() => teardownDurableHarness());

describe('assertDurableContext', () => {
  it('names the wiring fix when given a plain Lambda context', () => {
    // Prepare
    const lambdaContext = { functionName: 'orders', awsRequestId: 'r-1' };

    // Act
    const assertion = () => assertDurableContext(lambdaContext, 'durableLogger()', {});

    // Assess
    expect(assertion).toThrow(DurableContextMissingError);
    expect(assertion).toThrow(/durableLogger\(\) needs a durable context.*withDurableExecution/);
  });

  it('recognises a middy chain wrapped outside withDurableExecution by its raw input', () => {
    // Prepare
    const rawInput = {
      DurableExecutionArn: 'arn',
      CheckpointToken: 't',
      InitialExecutionState: {},
    };

    // Act
    const assertion = () => assertDurableContext({}, 'durableMetrics()', rawInput);

    // Assess
    expect(assertion).toThrow(
      /raw durable invocation input: the middy chain wraps withDurableExecution/,
    );
  });

  it('rejects values that are not objects', () => {
    expect(isDurableContext(undefined)).toBe(false);
    expect(isDurableContext('context')).toBe(false);
  });
});

describe('replay state read from the real SDK', () => {
  it('describes the first invocation as first and every later one as a replay', async () => {
    // Prepare
    const seen: Array<{ invocation: DurableInvocation; modeAfterWait?: string; parent?: string }> =
      [];
    const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
      const invocation = describeInvocation(assertDurableContext(context, 'test', _event));
      const entry: (typeof seen)[number] = { invocation };
      seen.push(entry);
      await context.step('first', async () => 1);
      await context.wait({ seconds: 1 });
      entry.modeAfterWait = getDurableExecutionMode(context);
      await context.runInChildContext('child', async (child) => {
        entry.parent = getParentId(child);
      });
      return 'done';
    });

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(seen.map((entry) => entry.invocation.isFirstInvocation)).toEqual([true, false]);
    expect(seen[1]?.modeAfterWait).toBe('ExecutionMode');
    expect(seen[1]?.parent).toMatch(/^[0-9a-f]+$/);
    const arns = new Set(seen.map((entry) => entry.invocation.executionArn));
    expect(arns.size).toBe(1);
  });

  it('reports replay mode while the root re-runs completed operations', async () => {
    // Prepare
    const modes: Array<{ atStart: boolean; startTime: Date | undefined }> = [];
    const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
      modes.push({ atStart: isReplaying(context), startTime: getExecutionStartTime(context) });
      await context.wait({ seconds: 1 });
      return 'done';
    });
    const before = Date.now();

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(modes.map((mode) => mode.atStart)).toEqual([false, true]);
    const startTime = modes[1]?.startTime?.getTime() ?? 0;
    expect(startTime).toBeGreaterThanOrEqual(before - 1_000);
    expect(startTime).toBeLessThanOrEqual(Date.now());
  });
});
