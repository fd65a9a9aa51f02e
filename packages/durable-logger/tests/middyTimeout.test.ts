import type { DurableContext, DurableLambdaHandler } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
  withRemainingTime,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { middyShapes, recordWith } from './support.js';

afterAll(() => teardownDurableHarness());

const slowSecondInvocation = (logger: Logger) => async (_event: never, context: DurableContext) => {
  await context.wait({ seconds: 1 });
  logger.appendKeys({ tenant: 'acme' });
  // Runs from about 1.0 s to 1.7 s; the first invocation's middy timer fires at about 1.3 s.
  await context.step('slow', () => new Promise((resolve) => setTimeout(resolve, 700)));
  logger.info('after the slow step');
  return 'done';
};

// Sequential: these tests share the process-wide timing they depend on.
describe.each(Object.entries(middyShapes))('%s', (_shape, build) => {
  it("keeps the current invocation's keys when a suspended invocation's middy timeout fires", async () => {
    // Prepare
    const logger = new Logger({ serviceName: 'orders' });
    // Lambda simulated as reporting 1.3 s left (the local runner reports 900 000 ms): middy's
    // early-timeout timer armed by the suspended first invocation fires during the second one.
    const handler = withRemainingTime(
      build(slowSecondInvocation(logger), logger) as DurableLambdaHandler,
      1_300,
    );

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(recordWith(result, 'after the slow step').tenant).toBe('acme');
  });
});
