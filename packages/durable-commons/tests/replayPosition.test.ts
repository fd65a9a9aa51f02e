import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { isReplaying, isReplayingNow } from '../src/index.js';

afterAll(() => teardownDurableHarness());

describe('isReplayingNow', () => {
  it('recognises a child context resumed after a wait, which the SDK runs in ExecutionMode', async () => {
    // Prepare
    const seen: Array<{ point: string; sdk: boolean; now: boolean }> = [];
    const note = (point: string, context: DurableContext) =>
      seen.push({ point, sdk: isReplaying(context), now: isReplayingNow(context) });
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
});
