import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { DurablePowertoolsPlugin, isReplaying } from '../src/index.js';
import { missingSdkFields, SDK_PRIVATE_FIELDS, type SdkPrivateField } from '../src/sdkInternals.js';

afterAll(() => teardownDurableHarness());

/** `context` as a durable context whose SDK no longer has `field` (a renamed private field). */
const without = (context: DurableContext, field: string): DurableContext =>
  new Proxy(context, {
    get: (target, property, receiver) =>
      property === field ? undefined : Reflect.get(target, property, receiver),
    has: (target, property) => property !== field && Reflect.has(target, property),
  });

describe('the private SDK fields the replay fallback reads', () => {
  it('are all present on the installed SDK, at the root, in a child context and in a step', async () => {
    // Prepare
    const missing: Record<string, SdkPrivateField[]> = {};
    const handler = withDurableExecution(
      async (_event: unknown, context: DurableContext) => {
        missing.root = missingSdkFields(context);
        await context.runInChildContext('child', async (child) => {
          missing.child = missingSdkFields(child);
          await child.step('step', async () => 'done');
        });
        await context.wait({ seconds: 1 });
        missing.replayingRoot = missingSdkFields(context);
        return 'ok';
      },
      { plugins: [new DurablePowertoolsPlugin()] },
    );

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess: a failure here means the SDK changed a field this suite reads (see sdkInternals.ts)
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(missing).toEqual({ root: [], child: [], replayingRoot: [] });
  });

  it('warns once, naming the field and what degrades, when one disappears', async () => {
    // Prepare
    const warnings: { code?: string; message: string }[] = [];
    const onWarning = (warning: Error & { code?: string }) => {
      warnings.push({ code: warning.code, message: warning.message });
    };
    process.on('warning', onWarning);
    const answers: boolean[][] = [];
    const handler = withDurableExecution(
      async (_event: unknown, context: DurableContext) => {
        // At the top of each invocation: the second one replays `reserve` and the wait.
        const drifted = without(context, 'durableExecutionMode');
        answers.push([isReplaying(context), isReplaying(drifted), isReplaying(drifted)]);
        await context.step('reserve', async () => 'reserved');
        await context.wait({ seconds: 1 });
        return 'ok';
      },
      { plugins: [new DurablePowertoolsPlugin()] },
    );

    // Act
    const result = await runDurable(handler, { payload: {} });
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    const drift = warnings.filter((warning) => warning.code === 'DURABLE_POWERTOOLS_SDK_DRIFT');
    expect(drift).toHaveLength(1);
    expect(drift[0]?.message).toContain('durableExecutionMode');
    expect(drift[0]?.message).toContain(SDK_PRIVATE_FIELDS.durableExecutionMode);
    // Degraded, not wrong here: the cursor fallback (_stepCounter) still sees the recorded step.
    expect(answers).toEqual([
      [false, false, false],
      [true, true, true],
    ]);
  });
});
