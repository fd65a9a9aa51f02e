import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  expectInvocationCount,
  expectMetricSum,
  metricValues,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { documentShape, invocationsPublishing, middyShapes, type Workflow } from './helpers.js';

const DISTINCT_NAMES = 160;
const VALUES_OF_ONE_METRIC = 260;
const STEP_NAMES = 120;

afterAll(() => teardownDurableHarness());

describe.concurrent.each(Object.entries(middyShapes))('%s', (_shape, build) => {
  it('publishes 160 names and 260 values of one metric, split into valid EMF, only at completion', async () => {
    // Prepare
    const metrics = new Metrics({ namespace: 'durable-tests', serviceName: 'orders' });
    const half = DISTINCT_NAMES / 2;
    const addNames = (from: number, to: number) => {
      for (let index = from; index < to; index++) {
        metrics.addMetric(`sku${index}`, MetricUnit.Count, index);
      }
    };
    const addScans = (count: number) => {
      for (let index = 0; index < count; index++) {
        metrics.addMetric('itemsScanned', MetricUnit.Count, 1);
      }
    };
    const workflow: Workflow = async (_event, context) => {
      metrics.addDimension('region', 'eu-west-1');
      metrics.addMetadata('batch_id', 'b-42');
      addNames(0, half);
      addScans(VALUES_OF_ONE_METRIC / 2);
      await context.step('scan-shelf', async () => {
        for (let index = 0; index < STEP_NAMES; index++) {
          metrics.addMetric(`shelf${index}`, MetricUnit.Count, 1);
        }
      });
      await context.wait({ seconds: 1 });
      addNames(half, DISTINCT_NAMES);
      await context.wait({ seconds: 1 });
      addScans(VALUES_OF_ONE_METRIC / 2);
      return 'ok';
    };

    // Act
    const result = await runDurable(build(workflow, { metrics }), { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 3 });
    for (let index = 0; index < DISTINCT_NAMES; index++)
      expectMetricSum(result, `sku${index}`, index);
    for (let index = 0; index < STEP_NAMES; index++) expectMetricSum(result, `shelf${index}`, 1);
    expectMetricSum(result, 'itemsScanned', VALUES_OF_ONE_METRIC);
    expect(metricValues(result, 'itemsScanned')).toHaveLength(VALUES_OF_ONE_METRIC);
    expect(invocationsPublishing(result, 'sku0')).toEqual([3]);
    expect(invocationsPublishing(result, 'itemsScanned')).toEqual([3]);
    expect(invocationsPublishing(result, 'shelf0')).toEqual([1]);
    expect(result.invocations[1]?.emf).toHaveLength(0);
    for (const document of result.emf) {
      const shape = documentShape(document);
      expect(shape.names).toBeLessThanOrEqual(100);
      expect(shape.maxValues).toBeLessThanOrEqual(100);
      expect(document.execution_arn).toBe(result.emf[0]?.execution_arn);
    }
    const completion = result.invocations[2]?.emf ?? [];
    expect(completion.length).toBeGreaterThanOrEqual(3);
    for (const document of completion) {
      expect(document._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'region']]);
      expect(document.region).toBe('eu-west-1');
      expect(document.batch_id).toBe('b-42');
    }
  });
});
