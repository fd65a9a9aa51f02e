import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  expectInvocationCount,
  expectMetricSum,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { middyShapes, type Workflow } from './helpers.js';

/** Creates a Metrics instance with `env` set, as Lambda would have it at initialisation. */
const metricsWithEnv = (env: Record<string, string>): Metrics => {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    return new Metrics();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
};

const waitThenCount: (metrics: Metrics) => Workflow = (metrics) => async (_event, context) => {
  await context.wait({ seconds: 1 });
  metrics.addMetric('reportsBuilt', MetricUnit.Count, 1);
  return 'ok';
};

afterAll(() => teardownDurableHarness());

describe.concurrent.each(Object.entries(middyShapes))('%s', (_shape, build) => {
  it('takes namespace and service from POWERTOOLS_METRICS_NAMESPACE and POWERTOOLS_SERVICE_NAME', async () => {
    // Prepare
    const metrics = metricsWithEnv({
      POWERTOOLS_METRICS_NAMESPACE: 'reporting',
      POWERTOOLS_SERVICE_NAME: 'reports',
    });

    // Act
    const result = await runDurable(
      build(waitThenCount(metrics), { metrics, defaultDimensions: { environment: 'prod' } }),
      { payload: {} },
    );

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expectMetricSum(result, 'reportsBuilt', 1);
    const [document] = result.emf;
    expect(document?._aws.CloudWatchMetrics[0]?.Namespace).toBe('reporting');
    expect(document?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'environment']]);
    expect(document?.service).toBe('reports');
    expect(document?.environment).toBe('prod');
  });

  it('publishes nothing under POWERTOOLS_METRICS_DISABLED', async () => {
    // Prepare
    const metrics = metricsWithEnv({
      POWERTOOLS_METRICS_NAMESPACE: 'reporting',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });

    // Act
    const result = await runDurable(build(waitThenCount(metrics), { metrics }), { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(result.emf).toHaveLength(0);
  });

  it('fails the workflow at completion under throwOnEmptyMetrics when nothing was added', async () => {
    // Prepare
    const metrics = metricsWithEnv({ POWERTOOLS_METRICS_NAMESPACE: 'reporting' });
    const workflow: Workflow = async (_event, context) => {
      await context.wait({ seconds: 1 });
      return 'ok';
    };

    // Act
    const result = await runDurable(build(workflow, { metrics, throwOnEmptyMetrics: true }), {
      payload: {},
    });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(result.status).toBe('FAILED');
    expect(result.error?.errorMessage).toBe(
      'The number of metrics recorded must be higher than zero',
    );
  });

  it('counts metrics of child contexts as published: no empty warning, no throwOnEmptyMetrics failure', async () => {
    // Prepare: every metric is added in a child context (as a batch's records add theirs) that
    // finishes in the completing invocation; the body adds none.
    const metrics = metricsWithEnv({ POWERTOOLS_METRICS_NAMESPACE: 'reporting' });
    const workflow: Workflow = async (_event, context) => {
      await context.runInChildContext('record:m1', async (child) => {
        await child.wait({ seconds: 1 });
        metrics.addMetric('recordsDone', MetricUnit.Count, 1);
      });
      return 'ok';
    };

    // Act
    const result = await runDurable(build(workflow, { metrics, throwOnEmptyMetrics: true }), {
      payload: {},
    });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(result.status).toBe('SUCCEEDED');
    expectMetricSum(result, 'recordsDone', 1);
    const warned = result.invocations.flatMap((invocation) =>
      invocation.stderr.filter((line) => /No application metrics to publish/.test(line)),
    );
    expect(warned).toEqual([]);
  });
});

describe('dimensions', () => {
  it('rejects a 30th custom dimension where it is added, as Powertools does', async () => {
    // Prepare
    const metrics = metricsWithEnv({ POWERTOOLS_METRICS_NAMESPACE: 'reporting' });
    const build = middyShapes['withDurableExecution(middy(handler))'];
    const workflow: Workflow = async (_event, context) => {
      await context.wait({ seconds: 1 });
      for (let index = 0; index < 30; index++) metrics.addDimension(`d${index}`, 'v');
      return 'ok';
    };

    // Act
    const result = await runDurable(build!(workflow, { metrics }), { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(result.status).toBe('FAILED');
    expect(result.error?.errorMessage).toBe(
      'The number of metric dimensions must be lower than 29',
    );
    // The failed workflow publishes no metric, and Powertools warns about that on stderr once, in
    // the completing invocation. The harness captures each invocation's stderr (and keeps it off the
    // terminal), so the warning is read there rather than held back from the real stream.
    const warned = result.invocations.map(
      (invocation) =>
        invocation.stderr.filter((line) => /No application metrics to publish/.test(line)).length,
    );
    expect(warned).toEqual([0, 1]);
  });
});
