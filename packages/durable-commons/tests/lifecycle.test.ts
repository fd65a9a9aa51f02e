import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import {
  currentFrame,
  DurablePluginNotRegisteredError,
  DurablePowertoolsPlugin,
  isReplaying,
  requireInvocation,
} from '../src/index.js';
import { recordLifecycle } from './support.js';

afterAll(() => teardownDurableHarness());

describe('the lifecycle core (DurablePowertoolsPlugin)', () => {
  it('reports invocations, their end status, child contexts and attempts, with replay state', async () => {
    // Prepare: step → child(step, wait) → wait: 3 invocations
    const arns = new Set<string>();
    const { events, unsubscribe } = recordLifecycle(arns);
    const seen: string[] = [];
    const handler = withDurableExecution(
      async (_event: unknown, context: DurableContext) => {
        arns.add(context.executionContext.durableExecutionArn);
        const invocation = requireInvocation(context, 'test');
        seen.push(
          `root ${invocation.index} first=${invocation.isFirstInvocation} replaying=${isReplaying()}`,
        );
        await context.step('reserve', async () => {
          seen.push(`in step replaying=${isReplaying()} op=${currentFrame()?.operation?.kind}`);
        });
        await context.runInChildContext('ship', async (child) => {
          seen.push(`child ${currentFrame()?.invocation.index} replaying=${isReplaying()}`);
          await child.step('pack', async () => 'packed');
          await child.wait({ seconds: 1 });
        });
        await context.wait({ seconds: 1 });
        seen.push(`done replaying=${isReplaying()}`);
        return 'ok';
      },
      { plugins: [new DurablePowertoolsPlugin()] },
    );

    // Act
    const result = await runDurable(handler, { payload: {} });
    unsubscribe();

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 3 });
    expect(seen).toEqual([
      'root 1 first=true replaying=false',
      'in step replaying=false op=attempt',
      'child 1 replaying=false',
      'root 2 first=false replaying=true',
      // the child resumed after its wait re-runs from its top: a replay up to its last recorded step
      'child 2 replaying=true',
      'root 3 first=false replaying=true',
      'done replaying=false',
    ]);
    expect(events()).toEqual([
      'start 1',
      'attempt reserve 1',
      'child ship',
      'attempt pack 1',
      'end 1 PENDING',
      'start 2',
      'child ship',
      'child-end ship',
      'end 2 PENDING',
      'start 3',
      'end 3 SUCCEEDED',
    ]);
  });

  it('reports FAILED when the SDK itself terminates the execution (context misuse)', async () => {
    // Prepare: a parent context's step called inside a child
    const arns = new Set<string>();
    const { events, unsubscribe } = recordLifecycle(arns);
    let settled = false;
    const handler = withDurableExecution(
      async (_event: unknown, context: DurableContext) => {
        arns.add(context.executionContext.durableExecutionArn);
        requireInvocation(context, 'test');
        await context.runInChildContext('misuse', async () => {
          await context.step('wrong', async () => 'x');
        });
        settled = true;
        return 'unreachable';
      },
      { plugins: [new DurablePowertoolsPlugin()] },
    );

    // Act
    const result = await runDurable(handler, { payload: {} });
    unsubscribe();

    // Assess
    expect(result.status).toBe('FAILED');
    expectInvocationCount(result, { exactly: 1 });
    expect(settled).toBe(false);
    // The SDK still starts the misused step's attempt before its termination lands.
    expect(events()[0]).toBe('start 1');
    expect(events()).toContain('child misuse');
    expect(events().at(-1)).toBe('end 1 FAILED');
  });

  it('fails the first invocation with a typed error naming the registration line when the plugin is missing', async () => {
    // Prepare
    let caught: unknown;
    const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
      try {
        requireInvocation(context, 'durableExample()');
      } catch (error) {
        caught = error;
        throw error;
      }
    });

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expect(result.status).toBe('FAILED');
    expectInvocationCount(result, { exactly: 1 });
    expect(caught).toBeInstanceOf(DurablePluginNotRegisteredError);
    expect((caught as DurablePluginNotRegisteredError).utility).toBe('durableExample()');
    expect((caught as Error).message).toContain(
      'withDurableExecution(handler, { plugins: [new DurablePowertoolsPlugin()] })',
    );
    expect((caught as Error).message).toContain('executionModeDurablePowertools');
    expect((caught as Error).message).toContain(
      'DURABLE_EXECUTION_PLUGINS=@durable-powertools/commons/plugin',
    );
  });

  it('stays passive when registered twice', async () => {
    // Prepare
    const arns = new Set<string>();
    const { events, unsubscribe } = recordLifecycle(arns);
    const handler = withDurableExecution(
      async (_event: unknown, context: DurableContext) => {
        arns.add(context.executionContext.durableExecutionArn);
        await context.step('one', async () => 1);
        await context.wait({ seconds: 1 });
        return 'ok';
      },
      { plugins: [new DurablePowertoolsPlugin(), new DurablePowertoolsPlugin()] },
    );

    // Act
    const result = await runDurable(handler, { payload: {} });
    unsubscribe();

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(events()).toEqual([
      'start 1',
      'attempt one 1',
      'end 1 PENDING',
      'start 2',
      'end 2 SUCCEEDED',
    ]);
  });
});
