import type { DurableLambdaHandler } from '@aws/durable-execution-sdk-js';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  expectInvocationCount,
  expectMetricSum,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import middy from '@middy/core';
import { executionModeDurableContext } from '@middy/core/DurableContext';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT_IN_METRICS, durableMetrics } from '../src/index.js';
import { middyShapes, type Workflow } from './helpers.js';

const newMetrics = (): Metrics =>
  new Metrics({ namespace: 'durable-tests', serviceName: 'orders' });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

afterAll(() => teardownDurableHarness());

describe.concurrent.each(Object.entries(middyShapes))('%s', (_name, build) => {
  it('publishes the body and the outcome when the SDK itself fails the execution (context misuse)', async () => {
    // Prepare: step → wait → body metric → a parent context's step called inside a child
    const metrics = newMetrics();
    const workflow: Workflow = async (_event, context) => {
      await context.step('reserve', async () => 'reserved');
      await context.wait({ seconds: 1 });
      metrics.addMetric('ordersCharged', MetricUnit.Count, 1);
      await context.runInChildContext('ship', async () => {
        await context.step('misused', async () => 'never checkpointed');
      });
      return 'unreachable';
    };

    // Act
    const result = await runDurable(
      build(workflow, { metrics, builtInMetrics: { outcome: true } }),
      { payload: {} },
    );

    // Assess: the handler never settles, middy's after/onError never run; the SDK reports FAILED
    expect(result.status).toBe('FAILED');
    expectInvocationCount(result, { exactly: 2 });
    expectMetricSum(result, 'ordersCharged', 1);
    expectMetricSum(result, BUILT_IN_METRICS.failed, 1);
    expectMetricSum(result, BUILT_IN_METRICS.succeeded, 0);
  });

  it('does not count FLAT map items again when the SDK re-runs them to rebuild a summarised map', async () => {
    // Prepare: 8 items of 40 KB (over the 256 KB checkpoint limit together), then a wait
    const metrics = newMetrics();
    let itemRuns = 0;
    const workflow: Workflow = async (_event, context) => {
      const rendered = await context.map(
        'render',
        [1, 2, 3, 4, 5, 6, 7, 8],
        async (_item, page) => {
          itemRuns++;
          metrics.addMetric('pagesRendered', MetricUnit.Count, 1);
          return `${page}`.padEnd(40 * 1024, 'x');
        },
        { nesting: 'FLAT' as never },
      );
      await context.wait({ seconds: 1 });
      metrics.addMetric('pagesReturned', MetricUnit.Count, rendered.getResults().length);
      return 'ok';
    };

    // Act
    const result = await runDurable(build(workflow, { metrics }), { payload: {} });

    // Assess: the items ran twice (the rebuild), but were counted once
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(itemRuns).toBe(16);
    expectMetricSum(result, 'pagesRendered', 8);
    expectMetricSum(result, 'pagesReturned', 8);
  });

  it('publishes the branches a parallel left running when it completed early (minSuccessful)', async () => {
    // Prepare: 4 branches each count themselves and then run a step; the parallel needs 2
    const metrics = newMetrics();
    const branch =
      (delayMs: number) =>
      async (child: Parameters<Workflow>[1]): Promise<number> => {
        metrics.addMetric('quotesRequested', MetricUnit.Count, 1);
        await child.step('quote', async () => {
          await sleep(delayMs);
          return delayMs;
        });
        return delayMs;
      };
    const workflow: Workflow = async (_event, context) => {
      await context.parallel('quotes', [branch(0), branch(0), branch(300), branch(300)], {
        completionConfig: { minSuccessful: 2 },
      });
      metrics.addMetric('quotesCompared', MetricUnit.Count, 1);
      return 'ok';
    };

    // Act
    const result = await runDurable(build(workflow, { metrics }), { payload: {} });

    // Assess: the workflow completed while 2 branches were still in their step; all 4 counted once
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 1 });
    expectMetricSum(result, 'quotesRequested', 4);
    expectMetricSum(result, 'quotesCompared', 1);
  });
});

describe("middy's durable mode without DURABLE_EXECUTION_PLUGINS", () => {
  it('fails the first invocation with DurablePluginNotRegisteredError naming the one entry', async () => {
    // Prepare: the only way to register the plugin for this shape is the environment; it is unset
    const metrics = newMetrics();
    const workflow: Workflow = async (_event, context) => {
      await context.runInChildContext('enrich', async (child) => {
        metrics.addMetric('childBody', MetricUnit.Count, 1);
        await child.wait({ seconds: 1 });
      });
      return 'ok';
    };
    const handler = middy(workflow, { executionMode: executionModeDurableContext }).use(
      durableMetrics({ metrics }),
    ) as unknown as DurableLambdaHandler;

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess: not a silent loss of childBody, a failure that says what to set
    expect(result.status).toBe('FAILED');
    expectInvocationCount(result, { exactly: 1 });
    expect(result.error?.errorType).toBe('DurablePluginNotRegisteredError');
    expect(result.error?.errorMessage).toContain(
      'DURABLE_EXECUTION_PLUGINS=@durable-powertools/commons/plugin',
    );
    expect(result.emf).toEqual([]);
  });
});
