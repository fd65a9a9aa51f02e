import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  expectInvocationCount,
  expectMetricSum,
  runDurable,
  sumMetric,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { allShapes, invocationsPublishing, retryEverySecond, type Workflow } from './helpers.js';

const newMetrics = (): Metrics =>
  new Metrics({ namespace: 'durable-tests', serviceName: 'orders' });

afterAll(() => teardownDurableHarness());

describe.concurrent.each(Object.entries(allShapes))('%s', (_shape, build) => {
  it('publishes body metrics once, from the completing invocation of a step/wait chain', async () => {
    // Prepare
    const metrics = newMetrics();
    const workflow: Workflow = async (_event, context) => {
      metrics.addMetric('workflowStarted', MetricUnit.Count, 1);
      await context.step('first', async () => 1);
      await context.wait({ seconds: 1 });
      metrics.addMetric('afterFirstWait', MetricUnit.Count, 1);
      await context.step('second', async () => 2);
      await context.wait({ seconds: 1 });
      metrics.addMetric('orderValue', MetricUnit.Count, 40);
      metrics.addMetric('orderValue', MetricUnit.Count, 2);
      return 'done';
    };

    // Act
    const result = await runDurable(
      build(workflow, { metrics, builtInMetrics: { invocations: true } }),
      { payload: {} },
    );

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 3 });
    expectMetricSum(result, 'workflowInvocations', 3);
    expectMetricSum(result, 'workflowStarted', 1);
    expectMetricSum(result, 'afterFirstWait', 1);
    expectMetricSum(result, 'orderValue', 42);
    expect(invocationsPublishing(result, 'workflowStarted')).toEqual([3]);
    expect(result.invocations[0]?.emf).toHaveLength(0);
    expect(result.invocations[1]?.emf).toHaveLength(0);
  });

  it("counts each step attempt once, in the invocation it ran in, retries included (attribution: 'operation')", async () => {
    // Prepare
    const metrics = newMetrics();
    const workflow: Workflow = async (_event, context) => {
      metrics.addMetric('paymentWorkflows', MetricUnit.Count, 1);
      const charged = await context.step(
        'charge',
        async (step) => {
          metrics.addMetric('chargeAttempts', MetricUnit.Count, 1);
          metrics.addMetric('chargeLatency', MetricUnit.Milliseconds, 10 * step.attempt);
          if (step.attempt < 3) throw new Error(`gateway timeout ${step.attempt}`);
          return 'charged';
        },
        { retryStrategy: retryEverySecond(3) },
      );
      metrics.addMetric('payments', MetricUnit.Count, 1);
      return charged;
    };

    // Act
    const result = await runDurable(
      build(workflow, { metrics, builtInMetrics: { invocations: true }, attribution: 'operation' }),
      { payload: {} },
    );

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 3 });
    expectMetricSum(result, 'workflowInvocations', 3);
    expectMetricSum(result, 'chargeAttempts', 3);
    expectMetricSum(result, 'chargeLatency', 60);
    expect(invocationsPublishing(result, 'chargeAttempts')).toEqual([1, 2, 3]);
    const attempts = result.emf
      .filter((document) => document.chargeAttempts !== undefined)
      .map((document) => [document.attempt, document.operation_name]);
    expect(attempts).toEqual([
      ['1', 'charge'],
      ['2', 'charge'],
      ['3', 'charge'],
    ]);
    expectMetricSum(result, 'paymentWorkflows', 1);
    expectMetricSum(result, 'payments', 1);
    expect(invocationsPublishing(result, 'paymentWorkflows')).toEqual([3]);
  });

  it('publishes the body of a failing workflow once, from the invocation that fails', async () => {
    // Prepare
    const metrics = newMetrics();
    const workflow: Workflow = async (_event, context) => {
      metrics.addMetric('refundsRequested', MetricUnit.Count, 1);
      await context.step('lookup', async () => 'order');
      await context.wait({ seconds: 1 });
      metrics.addMetric('refundsRejected', MetricUnit.Count, 1);
      throw new Error('refund window closed');
    };

    // Act
    const result = await runDurable(
      build(workflow, { metrics, builtInMetrics: { outcome: true } }),
      { payload: {} },
    );

    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error?.errorMessage).toBe('refund window closed');
    expectInvocationCount(result, { exactly: 2 });
    expectMetricSum(result, 'refundsRequested', 1);
    expectMetricSum(result, 'refundsRejected', 1);
    expectMetricSum(result, 'workflowFailed', 1);
    expectMetricSum(result, 'workflowSucceeded', 0);
    expect(invocationsPublishing(result, 'refundsRequested')).toEqual([2]);
  });

  it('publishes nothing from invocations that suspend on a callback', async () => {
    // Prepare
    const metrics = newMetrics();
    const workflow: Workflow = async (_event, context) => {
      metrics.addMetric('approvalsRequested', MetricUnit.Count, 1);
      const answer = await context.waitForCallback<string>('approval', async () => {
        metrics.addMetric('approvalMailsSent', MetricUnit.Count, 1);
      });
      metrics.addMetric('approvalsGranted', MetricUnit.Count, 1);
      return answer;
    };
    const { WaitingOperationStatus } = await import('@aws/durable-execution-sdk-js-testing');

    // Act
    const result = await runDurable(
      build(workflow, { metrics, builtInMetrics: { invocations: true } }),
      {
        payload: {},
        drive: async (runner) => {
          const operation = runner.getOperation('approval');
          await operation.waitForData(WaitingOperationStatus.SUBMITTED);
          await operation.sendCallbackSuccess(JSON.stringify('ok'));
        },
      },
    );

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    const count = expectInvocationCount(result, { atLeast: 2 });
    expectMetricSum(result, 'workflowInvocations', count);
    expectMetricSum(result, 'approvalsRequested', 1);
    expectMetricSum(result, 'approvalsGranted', 1);
    expectMetricSum(result, 'approvalMailsSent', 1);
    expect(invocationsPublishing(result, 'approvalsRequested')).toEqual([count]);
    expect(invocationsPublishing(result, 'approvalMailsSent')).toEqual([1]);
  });
});

describe('execution metadata and built-ins', () => {
  it('puts execution_arn on every completion document as metadata, never as a dimension', async () => {
    // Prepare
    const metrics = newMetrics();
    const build = allShapes['withDurableExecution(middy(handler))'];
    const workflow: Workflow = async (_event, context) => {
      metrics.addDimension('channel', 'web');
      metrics.addMetric('ordersPlaced', MetricUnit.Count, 1);
      await context.wait({ seconds: 1 });
      return 'ok';
    };

    // Act
    const result = await runDurable(
      build!(workflow, {
        metrics,
        builtInMetrics: { duration: true, invocations: true, outcome: true },
      }),
      { payload: {} },
    );

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    const [document] = result.emf;
    expect(result.emf).toHaveLength(1);
    expect(typeof document?.execution_arn).toBe('string');
    expect(document?.execution_arn).not.toBe('');
    expect(document?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'channel']]);
    expect(sumMetric(result, 'workflowInvocations')).toBe(2);
    expect(sumMetric(result, 'workflowDuration')).toBeGreaterThanOrEqual(1000);
    expectMetricSum(result, 'workflowSucceeded', 1);
  });
});
