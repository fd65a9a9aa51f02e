import type {
  DurableContext,
  DurableExecutionInvocationInput,
} from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { middyShapes, recordWith } from './support.js';

// This file runs in its own process: the trace id is an environment variable, as in Lambda.
const TRACE_ID = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
beforeAll(() => {
  process.env._X_AMZN_TRACE_ID = TRACE_ID;
});
afterAll(async () => {
  delete process.env._X_AMZN_TRACE_ID;
  await teardownDurableHarness();
});

const LAMBDA_KEYS = [
  'function_name',
  'function_arn',
  'function_memory_size',
  'function_request_id',
  'xray_trace_id',
  'tenant_id',
] as const;

describe.concurrent.each(Object.entries(middyShapes))('in %s', (_shape, build) => {
  it('adds the Lambda context keys that injectLambdaContext adds, on every record', async () => {
    // Prepare
    const logger = new Logger({ serviceName: 'orders' });
    const reference = new Logger({ serviceName: 'orders' });
    const workflow = async (_event: never, context: DurableContext) => {
      // What Powertools' injectLambdaContext does with the same Lambda context.
      reference.addContext(context.lambdaContext);
      reference.info('reference');
      context.logger.info('durable');
      await context.wait({ seconds: 1 });
      context.logger.info('resumed');
    };
    const durableHandler = build(workflow, logger);
    // Lambda adds tenantId to the context of a function in tenant isolation mode; the local
    // runner's context has none, so it is added here.
    const handler = (input: DurableExecutionInvocationInput, lambdaContext: Context) =>
      durableHandler(input, { ...lambdaContext, tenantId: 'tenant-7' } as Context);

    // Act
    const result = await runDurable(handler as never, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    // The reference logger is not attached, so it writes again on replay: take the first.
    const expected = result.invocations[0]?.records.find(
      (record) => record.message === 'reference',
    );
    if (expected === undefined) throw new Error('no reference record');
    expect(expected.function_name).toEqual(expect.any(String));
    expect(expected).toMatchObject({
      xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793',
      tenant_id: 'tenant-7',
    });
    for (const message of ['durable', 'resumed']) {
      const record = recordWith(result, message);
      for (const key of LAMBDA_KEYS) expect(record[key], key).toEqual(expected[key]);
      expect(typeof record.cold_start).toBe('boolean');
    }
  });
});
