import {
  type DurableLambdaHandler,
  type InvocationEndInfo,
  withDurableExecution,
} from '@aws/durable-execution-sdk-js';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  expectInvocationCount,
  expectMetricSum,
  failCheckpointOnce,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import middy from '@middy/core';
import { executionModeDurableContext } from '@middy/core/DurableContext';
import { afterAll, describe, expect, it } from 'vitest';
import { withPluginFromEnvironment } from '../../../tests/support/plugin.js';
import { DurableMetricsPlugin, durableMetrics } from '../src/index.js';
import { invocationsPublishing, type Workflow } from './helpers.js';

/** Fails the first checkpoint of a child context once; Lambda then retries that invocation. */
const failChildCheckpointOnce = (handler: DurableLambdaHandler, retried: number[]) =>
  failCheckpointOnce(handler, {
    failWhen: (update) => update.Type === 'CONTEXT',
    onRetry: (invocation) => retried.push(invocation),
  });

const newMetrics = (): Metrics =>
  new Metrics({ namespace: 'durable-tests', serviceName: 'orders' });

const exportWorkflow =
  (metrics: Metrics): Workflow =>
  async (_event, context) => {
    metrics.addMetric('exportsRequested', MetricUnit.Count, 1);
    await context.step('prepare', async () => 'ready');
    await context.wait({ seconds: 1 });
    await context.runInChildContext('finalize', async () => {
      metrics.addMetric('exportsFinalized', MetricUnit.Count, 1);
      return 'final';
    });
    metrics.addMetric('exportsCompleted', MetricUnit.Count, 1);
    return 'exported';
  };

/** An `after` middleware doing I/O (flushing traces, say): the window in which the SDK terminates. */
const slowAfter = {
  after: () => new Promise<void>((resolve) => setTimeout(resolve, 100)),
};

afterAll(() => teardownDurableHarness());

describe.concurrent('a completion the SDK fails to checkpoint (RETRYING)', () => {
  it('is published once, by the retry, with the plugin in config (withDurableExecution(middy(handler)))', async () => {
    // Prepare
    const metrics = newMetrics();
    const retried: number[] = [];
    const statuses: string[] = [];
    const statusRecorder = {
      onInvocationEnd: async (info: InvocationEndInfo) => {
        statuses.push(info.status);
      },
    };
    const handler = withDurableExecution(
      middy(exportWorkflow(metrics)).use(slowAfter).use(durableMetrics({ metrics })),
      { plugins: [new DurableMetricsPlugin(), statusRecorder] },
    );

    // Act
    const result = await runDurable(failChildCheckpointOnce(handler, retried), {
      payload: {},
    });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(retried).toEqual([2]); // the completing (second) invocation was retried by Lambda
    expect(statuses).toEqual(['PENDING', 'RETRYING', 'SUCCEEDED']);
    expectMetricSum(result, 'exportsRequested', 1);
    expectMetricSum(result, 'exportsCompleted', 1);
    expectMetricSum(result, 'exportsFinalized', 1);
    expect(invocationsPublishing(result, 'exportsCompleted')).toEqual([2]);
  });

  it('is published once with the plugin from DURABLE_EXECUTION_PLUGINS (middy durable mode)', async () => {
    // Prepare
    const metrics = newMetrics();
    const retried: number[] = [];
    // The plugin module named in DURABLE_EXECUTION_PLUGINS exports the sources' provider (the built
    // `@durable-powertools/metrics/plugin` re-exports the same one).
    const handler = withPluginFromEnvironment(
      () =>
        middy(exportWorkflow(metrics), { executionMode: executionModeDurableContext })
          .use(slowAfter)
          .use(durableMetrics({ metrics })) as unknown as DurableLambdaHandler,
    );

    // Act
    const result = await runDurable(failChildCheckpointOnce(handler, retried), {
      payload: {},
    });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(retried).toEqual([2]); // the completing (second) invocation was retried by Lambda
    expectMetricSum(result, 'exportsRequested', 1);
    expectMetricSum(result, 'exportsCompleted', 1);
  });
});
