import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { retryEverySecond } from '../../../tests/support/retry.js';
import {
  currentFrame,
  type DurableOperation,
  DurablePowertoolsPlugin,
  isReplaying,
  requireInvocation,
} from '../src/index.js';
import { readActiveOperation, readExecutionMode } from '../src/sdkInternals.js';

afterAll(() => teardownDurableHarness());

/** What a test keeps of an operation frame. */
const shapeOf = (operation: DurableOperation | undefined) =>
  operation && {
    kind: operation.kind,
    id: operation.id,
    name: operation.name,
    attempt: operation.attempt,
    replaying: operation.replaying,
  };

describe('currentFrame', () => {
  it('tells the root, a step attempt and a child context apart on the real SDK', async () => {
    // Prepare
    const seen: Record<string, ReturnType<typeof shapeOf>> = {};
    const handler = withDurableExecution(
      async (_event: unknown, _context: DurableContext) => {
        seen.root = shapeOf(currentFrame()?.operation);
        await _context.step('charge', async () => {
          seen.step = shapeOf(currentFrame()?.operation);
        });
        await _context.runInChildContext('enrich', async () => {
          seen.child = shapeOf(currentFrame()?.operation);
        });
        seen.rootAgain = shapeOf(currentFrame()?.operation);
        return 'ok';
      },
      { plugins: [new DurablePowertoolsPlugin()] },
    );

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 1 });
    expect(seen.root).toBeUndefined();
    expect(seen.rootAgain).toBeUndefined();
    expect(seen.step).toMatchObject({ kind: 'attempt', name: 'charge', attempt: 1 });
    expect(seen.child).toMatchObject({ kind: 'childContext', name: 'enrich', replaying: false });
    expect(seen.child?.attempt).toBeUndefined();
    expect(seen.child?.id).not.toBe(seen.step?.id);
  });

  it('is undefined outside an invocation the plugin drives', async () => {
    // Prepare
    const seen: unknown[] = [];
    const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
      seen.push(currentFrame());
      await context.step('charge', async () => {
        seen.push(currentFrame());
      });
      return 'ok';
    });

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 1 });
    expect(seen).toEqual([undefined, undefined]);
    expect(currentFrame()).toBeUndefined();
  });

  it('names the replayed child context the SDK re-runs without a hook to rebuild a summarised result', async () => {
    // Prepare: a child returning more than 256 KB is checkpointed as a summary, so the invocation
    // after the wait re-runs its function to rebuild the result.
    const seen: string[] = [];
    const handler = withDurableExecution(
      async (_event: unknown, context: DurableContext) => {
        requireInvocation(context, 'test'); // as every utility does on its first line
        const big = await context.runInChildContext('big', async () => {
          const operation = currentFrame()?.operation;
          seen.push(
            `child ${currentFrame()?.invocation.index} ${operation?.name} replaying=${isReplaying()}`,
          );
          return 'x'.repeat(300_000);
        });
        await context.wait({ seconds: 1 });
        seen.push(`root ${currentFrame()?.invocation.index} ${big.length}`);
        return 'ok';
      },
      { plugins: [new DurablePowertoolsPlugin()] },
    );

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(seen).toEqual([
      'child 1 big replaying=false',
      'child 2 big replaying=true',
      'root 2 300000',
    ]);
  });

  it('numbers the invocation as the runner counts them (invocation.index)', async () => {
    // Prepare
    const indexes: number[] = [];
    const handler = withDurableExecution(
      async (_event: unknown, context: DurableContext) => {
        await context.wait({ seconds: 1 });
        await context.step(
          'flaky',
          async (step) => {
            if (step.attempt < 2) throw new Error('try again');
          },
          { retryStrategy: retryEverySecond(2) },
        );
        indexes.push(currentFrame()?.invocation.index ?? 0);
        return 'ok';
      },
      { plugins: [new DurablePowertoolsPlugin()] },
    );

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    const count = expectInvocationCount(result, { exactly: 3 });
    expect(indexes).toEqual([count]);
  });
});

describe('the SDK record of the active operation (sdkInternals, no plugin)', () => {
  it('tells the root, a step attempt and a child context apart', async () => {
    // Prepare
    const seen: Record<string, ReturnType<typeof readActiveOperation>> = {};
    const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
      seen.root = readActiveOperation(context);
      await context.step('charge', async () => {
        seen.step = readActiveOperation(context);
      });
      await context.runInChildContext('enrich', async () => {
        seen.child = readActiveOperation(context);
      });
      seen.rootAgain = readActiveOperation(context);
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

describe('isReplaying', () => {
  it('recognises a child context resumed after a wait, which the SDK runs in ExecutionMode', async () => {
    // Prepare
    const seen: Array<{ point: string; sdk: boolean; now: boolean }> = [];
    const note = (point: string, context: DurableContext) =>
      seen.push({
        point,
        sdk: readExecutionMode(context) !== 'ExecutionMode',
        now: isReplaying(context),
      });
    const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
      note('root start', context);
      await context.runInChildContext('deliver', async (child) => {
        note('child before wait', child);
        await child.step('load', async () => 'loaded');
        note('child after step', child);
        await child.wait({ seconds: 1 });
        note('child after wait', child);
      });
      note('root end', context);
      return 'done';
    });

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(seen).toEqual([
      // first invocation: everything live
      { point: 'root start', sdk: false, now: false },
      { point: 'child before wait', sdk: false, now: false },
      { point: 'child after step', sdk: false, now: false },
      // second invocation: the SDK re-runs the unfinished child in ExecutionMode
      { point: 'root start', sdk: true, now: true },
      { point: 'child before wait', sdk: false, now: true },
      { point: 'child after step', sdk: false, now: true },
      { point: 'child after wait', sdk: false, now: false },
      { point: 'root end', sdk: false, now: false },
    ]);
  });

  it('answers from the frame without a context: never in an attempt, the bound context elsewhere', async () => {
    // Prepare
    const seen: string[] = [];
    const handler = withDurableExecution(
      async (_event: unknown, context: DurableContext) => {
        const frame = currentFrame();
        // Not bound yet: the root context is unknown to the core, so nothing says "replaying".
        seen.push(`unbound ${isReplaying()}`);
        seen.push(`explicit ${isReplaying(context, frame)}`);
        await context.step('charge', async () => {
          seen.push(`attempt ${isReplaying()}`);
        });
        await context.wait({ seconds: 1 });
        seen.push(`after wait ${isReplaying()}`);
        return 'ok';
      },
      { plugins: [new DurablePowertoolsPlugin()] },
    );

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(seen).toEqual([
      'unbound false',
      'explicit false',
      'attempt false',
      'unbound false',
      'explicit true',
      'after wait false',
    ]);
  });
});
