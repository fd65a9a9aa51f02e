import type { DurableLambdaHandler } from '@aws/durable-execution-sdk-js';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  expectInvocationCount,
  expectMetricSum,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { invocationsPublishing, middyShapes, type Workflow } from './helpers.js';

afterAll(() => teardownDurableHarness());

/**
 * Lambda is simulated as reporting `remainingMs` left (the local runner always reports 900 000 ms),
 * so that middy's early-timeout timer (`timeoutEarlyInMillis`, default 5 ms) fires while the first
 * invocation is suspended, as it does in a warm Lambda sandbox thawed after the invocation's deadline.
 */
const withRemainingTime =
  (handler: DurableLambdaHandler, remainingMs: number): DurableLambdaHandler =>
  (input, context) =>
    handler(input, { ...context, getRemainingTimeInMillis: () => remainingMs });

describe.concurrent.each(Object.entries(middyShapes))('%s', (_shape, build) => {
  it("does not publish a suspended invocation's body when middy's early timeout fires later", async () => {
    // Prepare
    const metrics = new Metrics({ namespace: 'durable-tests', serviceName: 'orders' });
    const workflow: Workflow = async (_event, context) => {
      metrics.addMetric('ordersStarted', MetricUnit.Count, 1);
      await context.wait({ seconds: 1 });
      return 'done';
    };
    const handler = withRemainingTime(build(workflow, { metrics }), 300);

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expectMetricSum(result, 'ordersStarted', 1);
    expect(invocationsPublishing(result, 'ordersStarted')).toEqual([2]);
  });
});
