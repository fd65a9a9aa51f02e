import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  expectInvocationCount,
  expectMetricSum,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { METADATA_KEYS } from '../src/index.js';
import { allShapes, documentShape, documentsWith, type Workflow } from './helpers.js';

const newMetrics = (): Metrics =>
  new Metrics({ namespace: 'durable-tests', serviceName: 'orders' });

afterAll(() => teardownDurableHarness());

describe.concurrent.each(Object.entries(allShapes))('%s', (_shape, build) => {
  it('step attempts of one invocation share its EMF documents, with the body in the completing one', async () => {
    // Prepare: 10 steps adding 2 metrics each, a wait after the 5th: 2 invocations
    const metrics = newMetrics();
    const workflow: Workflow = async (_event, context) => {
      metrics.addMetric('orders', MetricUnit.Count, 1);
      for (let step = 1; step <= 10; step++) {
        await context.step(`step ${step}`, async () => {
          metrics.addMetric('stepsDone', MetricUnit.Count, 1);
          metrics.addMetric('stepValue', MetricUnit.Count, step);
        });
        if (step === 5) await context.wait({ seconds: 1 });
      }
      return 'done';
    };

    // Act
    const result = await runDurable(build(workflow, { metrics }), { payload: {} });

    // Assess: the model: steps 1-5 in invocation 1, steps 6-10 and the body in invocation 2
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(result.invocations.map((invocation) => invocation.emf.length)).toEqual([1, 1]);
    expect(result.invocations[0]?.emf[0]?.stepValue).toEqual([1, 2, 3, 4, 5]);
    expect(result.invocations[1]?.emf[0]?.stepValue).toEqual([6, 7, 8, 9, 10]);
    expectMetricSum(result, 'stepsDone', 10);
    expectMetricSum(result, 'stepValue', 55);
    expectMetricSum(result, 'orders', 1);
    for (const document of result.emf) {
      expect(typeof document[METADATA_KEYS.executionArn]).toBe('string');
      expect(document[METADATA_KEYS.operationId]).toBeUndefined();
    }
  });

  it('keeps shared documents within EMF limits (100 values per metric)', async () => {
    // Prepare: 130 steps in one invocation, one metric each
    const metrics = newMetrics();
    const workflow: Workflow = async (_event, context) => {
      for (let step = 1; step <= 130; step++) {
        await context.step(`step ${step}`, async () => {
          metrics.addMetric('itemsPacked', MetricUnit.Count, 1);
        });
      }
      return 'done';
    };

    // Act
    const result = await runDurable(build(workflow, { metrics }), { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 1 });
    expectMetricSum(result, 'itemsPacked', 130);
    const documents = documentsWith(result.emf, 'itemsPacked');
    expect(documents).toHaveLength(2);
    for (const document of documents)
      expect(documentShape(document).maxValues).toBeLessThanOrEqual(100);
  });

  it('keeps steps adding other dimensions in documents of their own', async () => {
    // Prepare
    const metrics = newMetrics();
    const workflow: Workflow = async (_event, context) => {
      await context.step('eu', async () => {
        metrics.addDimension('region', 'eu');
        metrics.addMetric('shipments', MetricUnit.Count, 2);
      });
      await context.step('us', async () => {
        metrics.addDimension('region', 'us');
        metrics.addMetric('shipments', MetricUnit.Count, 3);
      });
      await context.step('plain', async () => metrics.addMetric('shipments', MetricUnit.Count, 5));
      return 'done';
    };

    // Act
    const result = await runDurable(build(workflow, { metrics }), { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 1 });
    const byRegion = Object.fromEntries(
      result.emf.map((document) => [String(document.region), document.shipments]),
    );
    expect(byRegion).toEqual({ eu: 2, us: 3, undefined: 5 });
  });

  it('publishes singleMetric() documents exactly once, with their own dimensions', async () => {
    // Prepare: body and step single metrics, a wait: 2 invocations
    const metrics = newMetrics();
    const workflow: Workflow = async (_event, context) => {
      const started = metrics.singleMetric();
      started.addDimension('channel', 'web');
      started.addMetric('checkoutStarted', MetricUnit.Count, 1);
      await context.step('charge', async () => {
        metrics.singleMetric().addMetric('chargeSingle', MetricUnit.Count, 1);
      });
      await context.wait({ seconds: 1 });
      metrics.addMetric('orders', MetricUnit.Count, 1);
      return 'done';
    };

    // Act
    const result = await runDurable(build(workflow, { metrics }), { payload: {} });

    // Assess: the model: the step's single metric in invocation 1, the body's in invocation 2
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expectMetricSum(result, 'checkoutStarted', 1);
    expectMetricSum(result, 'chargeSingle', 1);
    const [started] = documentsWith(result.emf, 'checkoutStarted');
    expect(started?.channel).toBe('web');
    expect(started?.orders).toBeUndefined();
    expect(documentsWith(result.invocations[0]?.emf ?? [], 'chargeSingle')).toHaveLength(1);
    expect(documentsWith(result.invocations[1]?.emf ?? [], 'checkoutStarted')).toHaveLength(1);
  });
});
