import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  expectInvocationCount,
  expectMetricSum,
  runDurable,
  teardownDurableHarness,
  withRemainingTime,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { invocationsPublishing, middyShapes, type Workflow } from './helpers.js';

afterAll(() => teardownDurableHarness());

describe.concurrent.each(Object.entries(middyShapes))('%s', (_shape, build) => {
  it("does not publish a suspended invocation's body when middy's early timeout fires later", async () => {
    // Prepare
    const metrics = new Metrics({ namespace: 'durable-tests', serviceName: 'orders' });
    const workflow: Workflow = async (_event, context) => {
      metrics.addMetric('ordersStarted', MetricUnit.Count, 1);
      await context.wait({ seconds: 1 });
      return 'done';
    };
    // Lambda simulated as reporting 300 ms left (the local runner reports 900 000 ms): middy's
    // early-timeout timer then fires while the first invocation is suspended, as after a thaw.
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
