import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  expectInvocationCount,
  expectMetricSum,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { middyShapes, type Workflow } from './helpers.js';

// Powertools reads POWERTOOLS_DEV and POWERTOOLS_METRICS_DISABLED when a Metrics instance is created.
afterAll(() => teardownDurableHarness());
afterEach(() => {
  delete process.env.POWERTOOLS_DEV;
  delete process.env.POWERTOOLS_METRICS_DISABLED;
});

const [[, build] = []] = Object.entries(middyShapes);

const workflow =
  (metrics: Metrics): Workflow =>
  async (_event, context) => {
    await context.step('charge', async () => metrics.addMetric('charges', MetricUnit.Count, 1));
    await context.wait({ seconds: 1 });
    metrics.addMetric('orders', MetricUnit.Count, 1);
    return 'done';
  };

describe('POWERTOOLS_DEV', () => {
  it('turns metrics output off, as in Powertools', async () => {
    // Prepare
    process.env.POWERTOOLS_DEV = 'true';
    const metrics = new Metrics({ namespace: 'durable-tests', serviceName: 'orders' });

    // Act
    const result = await runDurable(build!(workflow(metrics), { metrics }), { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(result.emf).toHaveLength(0);
  });

  it('publishes again with POWERTOOLS_METRICS_DISABLED=false', async () => {
    // Prepare
    process.env.POWERTOOLS_DEV = 'true';
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    const metrics = new Metrics({ namespace: 'durable-tests', serviceName: 'orders' });

    // Act
    const result = await runDurable(build!(workflow(metrics), { metrics }), { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expectMetricSum(result, 'charges', 1);
    expectMetricSum(result, 'orders', 1);
  });
});
