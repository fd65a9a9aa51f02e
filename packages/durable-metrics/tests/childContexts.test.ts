import { type DurableLambdaHandler, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  expectInvocationCount,
  expectMetricSum,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import middy from '@middy/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type DurableMetricsOptions, durableMetrics } from '../src/index.js';
import { allShapes, invocationsPublishing, type Shape, type Workflow } from './helpers.js';

const newMetrics = (): Metrics =>
  new Metrics({ namespace: 'durable-tests', serviceName: 'orders' });

/** Every shape registers the suite's one plugin (see tests/support/middyShapes.ts). */
const withPlugin = (
  _shapeName: string,
  build: Shape,
  workflow: Workflow,
  options: DurableMetricsOptions,
): DurableLambdaHandler => build(workflow, options);

afterAll(() => teardownDurableHarness());

describe.concurrent.each(Object.entries(allShapes))(
  '%s with DurablePowertoolsPlugin',
  (name, build) => {
    it('publishes a child context once, from the invocation it finished in', async () => {
      // Prepare
      const metrics = newMetrics();
      const workflow: Workflow = async (_event, context) => {
        metrics.addMetric('enrichmentsStarted', MetricUnit.Count, 1);
        await context.runInChildContext('enrich', async (child) => {
          metrics.addMetric('childBody', MetricUnit.Count, 1);
          await child.step('lookup', async () => {
            metrics.addMetric('lookups', MetricUnit.Count, 1);
          });
          await child.wait({ seconds: 1 });
          metrics.addMetric('childAfterWait', MetricUnit.Count, 1);
        });
        await context.wait({ seconds: 1 });
        metrics.addMetric('enrichmentsDone', MetricUnit.Count, 1);
        return 'ok';
      };

      // Act
      const result = await runDurable(withPlugin(name, build, workflow, { metrics }), {
        payload: {},
      });

      // Assess
      expect(result.status).toBe('SUCCEEDED');
      expectInvocationCount(result, { exactly: 3 });
      expectMetricSum(result, 'childBody', 1);
      expectMetricSum(result, 'childAfterWait', 1);
      expectMetricSum(result, 'lookups', 1);
      expectMetricSum(result, 'enrichmentsStarted', 1);
      expectMetricSum(result, 'enrichmentsDone', 1);
      expect(invocationsPublishing(result, 'childBody')).toEqual([2]);
      expect(invocationsPublishing(result, 'lookups')).toEqual([1]);
      expect(invocationsPublishing(result, 'enrichmentsStarted')).toEqual([3]);
      // The model: a child document is tied to its execution only (operation metadata is opt-in).
      const childDocument = result.emf.find((document) => document.childBody !== undefined);
      expect(childDocument?.execution_arn).toBe(result.emf.at(-1)?.execution_arn);
      expect(childDocument?.operation_name).toBeUndefined();
      expect(childDocument?.operation_id).toBeUndefined();
    });

    it('counts every map item and parallel branch once across invocations', async () => {
      // Prepare
      const metrics = newMetrics();
      const workflow: Workflow = async (_event, context) => {
        await context.map('items', [1, 2, 3], async (item, value: number) => {
          metrics.addMetric('itemsSeen', MetricUnit.Count, 1);
          await item.step('process', async () => {
            metrics.addMetric('itemValue', MetricUnit.Count, value);
          });
          await item.wait({ seconds: 1 });
          metrics.addMetric('itemsDone', MetricUnit.Count, 1);
        });
        await context.parallel('notify', [
          async (branch) => {
            metrics.addMetric('mailBranch', MetricUnit.Count, 1);
            await branch.wait({ seconds: 1 });
            metrics.addMetric('mailBranch', MetricUnit.Count, 1);
          },
          async (branch) => {
            await branch.step('sms', async () => {
              metrics.addMetric('smsSent', MetricUnit.Count, 1);
            });
          },
        ]);
        metrics.addMetric('batches', MetricUnit.Count, 1);
        return 'ok';
      };

      // Act
      const result = await runDurable(withPlugin(name, build, workflow, { metrics }), {
        payload: {},
      });

      // Assess
      expect(result.status).toBe('SUCCEEDED');
      const count = expectInvocationCount(result, { atLeast: 3 });
      expectMetricSum(result, 'itemsSeen', 3);
      expectMetricSum(result, 'itemValue', 6);
      expectMetricSum(result, 'itemsDone', 3);
      expectMetricSum(result, 'mailBranch', 2);
      expectMetricSum(result, 'smsSent', 1);
      expectMetricSum(result, 'batches', 1);
      expect(invocationsPublishing(result, 'batches')).toEqual([count]);
    });
  },
);

describe('a finished child context the SDK re-runs to rebuild a large result', () => {
  it('is not counted again on that re-run', async () => {
    // Prepare
    const metrics = newMetrics();
    const build = allShapes['withDurableExecution(middy(handler))'] as Shape;
    let renders = 0;
    const workflow: Workflow = async (_event, context) => {
      const report = await context.runInChildContext('render', async () => {
        renders++;
        metrics.addMetric('reportsRendered', MetricUnit.Count, 1);
        return 'x'.repeat(300 * 1024); // over the checkpoint limit: replay re-runs this function
      });
      await context.wait({ seconds: 1 });
      metrics.addMetric('reportBytes', MetricUnit.Bytes, report.length);
      return 'ok';
    };

    // Act
    const result = await runDurable(withPlugin('config', build, workflow, { metrics }), {
      payload: {},
    });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(renders).toBe(2);
    expectMetricSum(result, 'reportsRendered', 1);
    expect(invocationsPublishing(result, 'reportsRendered')).toEqual([1]);
    expectMetricSum(result, 'reportBytes', 300 * 1024);
  });
});

describe("attribution: 'operation'", () => {
  it('tags a child context document with operation_id and operation_name', async () => {
    // Prepare
    const metrics = newMetrics();
    const build = allShapes['withDurableExecution(middy(handler))'];

    // Act
    const result = await runDurable(
      build!(childThenWait(metrics), { metrics, attribution: 'operation' }),
      { payload: {} },
    );

    // Assess
    expectInvocationCount(result, { exactly: 3 });
    expect(invocationsPublishing(result, 'childBody')).toEqual([2]);
    const [child] = result.emf.filter((document) => document.childBody !== undefined);
    const [root] = result.emf.filter((document) => document.rootBody !== undefined);
    expect(child?.operation_name).toBe('enrich');
    expect(typeof child?.operation_id).toBe('string');
    expect(child?.execution_arn).toBe(root?.execution_arn);
    expect(root?.operation_id).toBeUndefined();
  });
});

describe('without the plugin', () => {
  it('fails the first invocation with DurablePluginNotRegisteredError naming the one line', async () => {
    // Prepare: no plugin in the SDK config
    const metrics = newMetrics();
    const handler = withDurableExecution(
      middy(childThenWait(metrics)).use(durableMetrics({ metrics })),
    );

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess: nothing silently lost: the execution fails at once, saying how to register the plugin
    expect(result.status).toBe('FAILED');
    expectInvocationCount(result, { exactly: 1 });
    expect(result.error?.errorType).toBe('DurablePluginNotRegisteredError');
    expect(result.error?.errorMessage).toContain(
      'withDurableExecution(handler, { plugins: [new DurablePowertoolsPlugin()] })',
    );
    expect(result.emf).toEqual([]);
  });
});

/** A child context that writes a metric and waits, then the root waits: 3 invocations. */
function childThenWait(metrics: Metrics): Workflow {
  return async (_event, context) => {
    await context.runInChildContext('enrich', async (child) => {
      metrics.addMetric('childBody', MetricUnit.Count, 1);
      await child.wait({ seconds: 1 });
    });
    await context.wait({ seconds: 1 });
    metrics.addMetric('rootBody', MetricUnit.Count, 1);
    return 'ok';
  };
}
