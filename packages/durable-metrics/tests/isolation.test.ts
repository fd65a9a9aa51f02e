import { type DurableExecutionHandler, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import {
  expectInvocationCount,
  expectMetricSum,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import middy from '@middy/core';
import { afterAll, describe, expect, it } from 'vitest';
import { allShapes, invocationsPublishing, type Workflow } from './helpers.js';

// Powertools reports a cold start only for on-demand initialisation; Lambda sets this variable.
// It is read when a Metrics instance is created, so it is set before any is.
process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';

const newMetrics = (): Metrics =>
  new Metrics({ namespace: 'durable-tests', serviceName: 'orders' });

const orderWorkflow =
  (metrics: Metrics): Workflow =>
  async (event: { amount: number }, context) => {
    metrics.addMetric('orderAmount', MetricUnit.Count, event.amount);
    await context.step('reserve', async () => 'reserved');
    await context.wait({ seconds: 1 });
    metrics.addMetric('ordersShipped', MetricUnit.Count, 1);
    return 'shipped';
  };

afterAll(() => teardownDurableHarness());

describe.concurrent.each(Object.entries(allShapes))('%s', (_shape, build) => {
  it('keeps concurrent executions sharing one handler and Metrics instance apart', async () => {
    // Prepare
    const metrics = newMetrics();
    const handler = build(orderWorkflow(metrics), { metrics });
    const amounts = [3, 50, 700];

    // Act
    const results = await Promise.all(
      amounts.map((amount) => runDurable(handler, { payload: { amount } })),
    );

    // Assess
    const arns = new Set<unknown>();
    results.forEach((result, index) => {
      expect(result.status).toBe('SUCCEEDED');
      expectInvocationCount(result, { exactly: 2 });
      expectMetricSum(result, 'orderAmount', amounts[index] as number);
      expectMetricSum(result, 'ordersShipped', 1);
      const runArns = new Set(result.emf.map((document) => document.execution_arn));
      expect(runArns.size).toBe(1);
      arns.add([...runArns][0]);
    });
    expect(arns.size).toBe(amounts.length);
  });

  it('counts the cold start once, in the invocation that had it, although it suspends', async () => {
    // Prepare
    const metrics = newMetrics();
    const handler = build(orderWorkflow(metrics), { metrics, captureColdStartMetric: true });

    // Act
    const first = await runDurable(handler, { payload: { amount: 1 } });
    const second = await runDurable(handler, { payload: { amount: 1 } });

    // Assess
    expectInvocationCount(first, { exactly: 2 });
    expectInvocationCount(second, { exactly: 2 });
    expect(first.invocations[0]?.status).toBe('PENDING');
    expectMetricSum(first, 'ColdStart', 1);
    expect(invocationsPublishing(first, 'ColdStart')).toEqual([1]);
    expectMetricSum(second, 'ColdStart', 0);
    expectMetricSum(first, 'orderAmount', 1);
    expectMetricSum(second, 'orderAmount', 1);
  });
});

describe("Powertools' own logMetrics, for contrast", () => {
  it('publishes a suspended invocation’s metrics again with the next invocation', async () => {
    // Prepare
    const metrics = newMetrics();
    const handler = withDurableExecution(
      middy(orderWorkflow(metrics)).use(logMetrics(metrics)) as unknown as DurableExecutionHandler,
    );

    // Act
    const result = await runDurable(handler, { payload: { amount: 5 } });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expectMetricSum(result, 'orderAmount', 10);
  });
});
