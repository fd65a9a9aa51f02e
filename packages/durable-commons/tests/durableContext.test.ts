import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import {
  assertDurableContext,
  DurableContextMissingError,
  DurablePowertoolsPlugin,
  describeInvocation,
  isReplaying,
  requireInvocation,
} from '@durable-powertools/commons';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { readExecutionMode } from '../src/sdkInternals.js';

afterAll(() => teardownDurableHarness());

type Described = ReturnType<typeof describeInvocation>;

describe('assertDurableContext', () => {
  it('names the wiring fix when given a plain Lambda context', () => {
    // Prepare
    const lambdaContext = { functionName: 'orders', awsRequestId: 'r-1' };

    // Act
    const assertion = () => assertDurableContext(lambdaContext, 'durableLogger()', {});

    // Assess
    expect(assertion).toThrow(DurableContextMissingError);
    expect(assertion).toThrow(/durableLogger\(\) needs a durable context.*withDurableExecution/);
    expect(assertion).toThrow(/executionModeDurablePowertools/);
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
    // Act
    const verdicts = [undefined, null, 'context', 42].map((value) => {
      try {
        assertDurableContext(value, 'test');
        return 'accepted';
      } catch (error) {
        return error instanceof DurableContextMissingError ? 'rejected' : String(error);
      }
    });

    // Assess
    expect(verdicts).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
  });

  it('requireInvocation asserts the durable context before looking for the plugin', () => {
    expect(() => requireInvocation({ functionName: 'orders' }, 'durableLogger()')).toThrow(
      DurableContextMissingError,
    );
  });
});

describe('replay state read from the real SDK', () => {
  it('describes the first invocation as first and every later one as a replay, without the plugin', async () => {
    // Prepare
    const seen: Array<{ invocation: Described; modeAfterWait?: string }> = [];
    const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
      const invocation = describeInvocation(assertDurableContext(context, 'test', _event));
      const entry: (typeof seen)[number] = { invocation };
      seen.push(entry);
      await context.step('first', async () => 1);
      await context.wait({ seconds: 1 });
      entry.modeAfterWait = readExecutionMode(context);
      return 'done';
    });

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(seen.map((entry) => entry.invocation.isFirstInvocation)).toEqual([true, false]);
    expect(seen[1]?.modeAfterWait).toBe('ExecutionMode');
    const arns = new Set(seen.map((entry) => entry.invocation.executionArn));
    expect(arns.size).toBe(1);
  });

  it('reports replay mode while the root re-runs completed operations, and when the execution started', async () => {
    // Prepare
    const modes: Array<{ atStart: boolean; described: Described }> = [];
    const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
      modes.push({ atStart: isReplaying(context), described: describeInvocation(context) });
      await context.wait({ seconds: 1 });
      return 'done';
    });
    const before = Date.now();

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(modes.map((mode) => mode.atStart)).toEqual([false, true]);
    const startTime = modes[1]?.described.executionStartedAt ?? 0;
    expect(startTime).toBeGreaterThanOrEqual(before - 1_000);
    expect(startTime).toBeLessThanOrEqual(modes[0]?.described.startedAt ?? 0);
    expect(modes[1]?.described.startedAt).toBeGreaterThan(modes[0]?.described.startedAt ?? 0);
  });

  it("describes the plugin's record when the plugin drives the invocation", async () => {
    // Prepare
    const seen: Array<{ described: Described; recorded: { startedAt: number; first: boolean } }> =
      [];
    const handler = withDurableExecution(
      async (_event: unknown, context: DurableContext) => {
        const invocation = requireInvocation(context, 'test');
        seen.push({
          described: describeInvocation(context),
          recorded: { startedAt: invocation.startedAt, first: invocation.isFirstInvocation },
        });
        await context.wait({ seconds: 1 });
        return 'done';
      },
      { plugins: [new DurablePowertoolsPlugin()] },
    );
    const before = Date.now();

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(seen.map(({ described }) => described.isFirstInvocation)).toEqual([true, false]);
    for (const { described, recorded } of seen) {
      expect(described.startedAt).toBe(recorded.startedAt);
      expect(described.isFirstInvocation).toBe(recorded.first);
    }
    const [first, second] = seen;
    expect(second?.described.executionStartedAt).toBe(first?.described.executionStartedAt);
    expect(first?.described.executionStartedAt).toBeGreaterThanOrEqual(before - 1_000);
    expect(first?.described.executionStartedAt).toBeLessThanOrEqual(
      first?.described.startedAt ?? 0,
    );
  });
});
