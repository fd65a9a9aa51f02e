import type { DurableContext, DurableLambdaHandler } from '@aws/durable-execution-sdk-js';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import middy from '@middy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MiddyShape, middyShapes } from '../../../tests/support/middyShapes.js';
import {
  type DurableMiddyRequest,
  executionModeDurablePowertools,
  onWorkflowError,
  requireInvocation,
} from '../src/index.js';

afterAll(() => teardownDurableHarness());

beforeAll(() => {
  // The plugin must come from the execution mode alone.
  expect(process.env.DURABLE_EXECUTION_PLUGINS).toBeUndefined();
});

const workflow = async (event: { fail?: boolean }, context: DurableContext) => {
  await context.step('first', async () => 1);
  await context.wait({ seconds: 1 });
  if (event.fail) throw new Error('workflow failed');
  return 'done';
};

/** A middleware recording each phase with the invocation `requireInvocation` returns. */
const recordingMiddleware = (calls: string[]) => ({
  before: (request: DurableMiddyRequest) => {
    const invocation = requireInvocation(request.context, 'recorder()', request.event);
    const context = request.context as DurableContext & Record<string, unknown>;
    calls.push(`before ${invocation.index}`);
    calls.push(
      `keys ${context.awsRequestId === context.lambdaContext.awsRequestId} ` +
        `${context.functionName === context.lambdaContext.functionName} ` +
        `${typeof context.awsRequestId} ${invocation.requestId === context.awsRequestId}`,
    );
  },
  after: (request: DurableMiddyRequest) => {
    calls.push(`after ${String(request.response)}`);
  },
  onError: onWorkflowError((request: DurableMiddyRequest) => {
    calls.push(`onError ${request.error?.message}`);
  }),
});

const build = (calls: string[]) =>
  middy(workflow, { executionMode: executionModeDurablePowertools }).use(
    recordingMiddleware(calls),
  );

describe('executionModeDurablePowertools (middy 7)', () => {
  it('registers the plugin in code: requireInvocation works in before, on every invocation', async () => {
    // Prepare
    const calls: string[] = [];

    // Act
    const result = await runDurable(build(calls), { payload: {} });

    // Assess: lambda context keys copied as middy's durable mode does; after on the last one only
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(calls).toEqual([
      'before 1',
      'keys true true string true',
      'before 2',
      'keys true true string true',
      'after done',
    ]);
  });

  it('runs onError only on the invocation where the workflow fails', async () => {
    // Prepare
    const calls: string[] = [];

    // Act
    const result = await runDurable(build(calls), { payload: { fail: true } });

    // Assess
    expect(result.status).toBe('FAILED');
    expectInvocationCount(result, { exactly: 2 });
    expect(calls).toEqual([
      'before 1',
      'keys true true string true',
      'before 2',
      'keys true true string true',
      'onError workflow failed',
    ]);
  });

  it('lets middy replace the handler (.handler())', async () => {
    // Prepare
    const calls: string[] = [];
    const handler = build(calls);
    handler.handler(async (_event: unknown, context: DurableContext) => {
      await context.wait({ seconds: 1 });
      return 'replaced';
    });

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expect(result.result).toBe('replaced');
    expectInvocationCount(result, { exactly: 2 });
    expect(calls.at(-1)).toBe('after replaced');
  });
});

/** Every registration form: the two middy shapes of the suite, and the execution mode. */
const registrations: Record<string, MiddyShape> = {
  ...middyShapes,
  'middy(handler, { executionMode: executionModeDurablePowertools })': (flow, middlewares) => {
    const chain = middy(flow, { executionMode: executionModeDurablePowertools });
    for (const middleware of middlewares) chain.use(middleware);
    return chain as unknown as DurableLambdaHandler;
  },
};

describe.each(Object.entries(registrations))('registered as %s', (_name, register) => {
  it("gives a middleware's before the invocation, and after the last one only", async () => {
    // Prepare
    const calls: string[] = [];
    const handler = register(workflow, [recordingMiddleware(calls)]);

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(calls.filter((call) => !call.startsWith('keys'))).toEqual([
      'before 1',
      'before 2',
      'after done',
    ]);
  });
});
