import type { DurableExecutionConfig, DurableLambdaHandler } from '@aws/durable-execution-sdk-js';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  expectInvocationCount,
  expectMetricSum,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { holdBackWarnings } from '../../../test/holdBackWarnings.ts';
import { type DurableMetricsOptions, DurableMetricsPlugin } from '../src/index.js';
import { allShapes, invocationsPublishing, type Shape, type Workflow } from './helpers.js';

const newMetrics = (): Metrics =>
  new Metrics({ namespace: 'durable-tests', serviceName: 'orders' });

/**
 * Registers the plugin the way each shape can: `config.plugins` where the shape passes a config to
 * the SDK, and `DURABLE_EXECUTION_PLUGINS` for middy's durable mode, which passes none. The SDK reads
 * the variable when the handler is created and imports the BUILT package (`lib/plugin.js`, through
 * the `./plugin` export), so this file needs `npm run build` of the package first, as `npm test` does.
 */
const withPlugin = (
  shapeName: string,
  build: Shape,
  workflow: Workflow,
  options: DurableMetricsOptions,
): DurableLambdaHandler => {
  if (shapeName.includes('executionModeDurableContext')) {
    process.env.DURABLE_EXECUTION_PLUGINS = '@durable-powertools/metrics/plugin';
    try {
      return build(workflow, options);
    } finally {
      delete process.env.DURABLE_EXECUTION_PLUGINS;
    }
  }
  const config: DurableExecutionConfig = { plugins: [new DurableMetricsPlugin()] };
  return build(workflow, options, config);
};

afterAll(() => teardownDurableHarness());

describe.concurrent.each(Object.entries(allShapes))(
  '%s with DurableMetricsPlugin',
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
      const childDocument = result.emf.find((document) => document.childBody !== undefined);
      expect(childDocument?.operation_name).toBe('enrich');
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

describe('without the plugin', () => {
  it('cannot see a child context that finished before the completing invocation, and warns', async () => {
    // Prepare
    const metrics = newMetrics();
    const build = allShapes['withDurableExecution(middy(handler))'] as Shape;
    const workflow: Workflow = async (_event, context) => {
      await context.runInChildContext('enrich', async (child) => {
        metrics.addMetric('childBody', MetricUnit.Count, 1);
        await child.wait({ seconds: 1 });
      });
      await context.wait({ seconds: 1 });
      metrics.addMetric('rootBody', MetricUnit.Count, 1);
      return 'ok';
    };

    // Act: the warning is expected, so it is held back from the terminal and asserted below.
    const { result, held: warnings } = await holdBackWarnings(
      [/DURABLE_METRICS_CHILD_WITHOUT_PLUGIN/],
      () => runDurable(build(workflow, { metrics }), { payload: {} }),
    );

    // Assess
    expectInvocationCount(result, { exactly: 3 });
    expectMetricSum(result, 'rootBody', 1);
    expectMetricSum(result, 'childBody', 0);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toContain('DurableMetricsPlugin');
  });
});
