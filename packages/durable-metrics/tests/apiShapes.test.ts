import {
  type DurableContext,
  type DurableLambdaHandler,
  withDurableExecution,
} from '@aws/durable-execution-sdk-js';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  type DurableRunResult,
  type EmfDocument,
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import middy from '@middy/core';
import { afterAll, describe, expect, it } from 'vitest';
import { middyShapes } from '../../../tests/support/middyShapes.js';
import { pluginConfig } from '../../../tests/support/plugin.js';
import {
  type DurableMetricsHandler,
  type DurableMetricsMiddleware,
  durableMetrics,
  executionModeDurablePowertools,
  withDurableMetrics,
} from '../src/index.js';
import { documentsWith, type Workflow } from './helpers.js';

// As Lambda sets them before the module is loaded: the zero-option forms read them through
// `new Metrics()`, and Powertools reports a cold start only for on-demand initialisation.
process.env.POWERTOOLS_METRICS_NAMESPACE = 'env-namespace';
process.env.POWERTOOLS_SERVICE_NAME = 'env-service';
process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';

afterAll(() => teardownDurableHarness());

/** A step, a wait (2 invocations), a body metric after the wait, on each of `instances`. */
const orderWorkflow =
  (...instances: Metrics[]): Workflow =>
  async (_event, context: DurableContext) => {
    for (const metrics of instances) metrics.addMetric('ordersStarted', MetricUnit.Count, 1);
    await context.step('charge', async () => {
      for (const metrics of instances) metrics.addMetric('charges', MetricUnit.Count, 1);
    });
    await context.wait({ seconds: 1 });
    for (const metrics of instances) metrics.addMetric('ordersShipped', MetricUnit.Count, 1);
    return 'shipped';
  };

/** The test's model of what one instance published: each metric's values, by namespace. */
const published = (result: DurableRunResult, namespace: string, name: string): number[] =>
  result.emf
    .filter((document) => document._aws.CloudWatchMetrics[0]?.Namespace === namespace)
    .flatMap((document) => [document[name] ?? []].flat() as number[]);

const namespaceOf = (document: EmfDocument | undefined): string | undefined =>
  document?._aws.CloudWatchMetrics[0]?.Namespace;

describe.concurrent.each(Object.entries(middyShapes))('%s', (_shape, shape) => {
  it.each([
    ['durableMetrics()', () => durableMetrics()],
    ['durableMetrics({})', () => durableMetrics({})],
  ])(
    '%s builds new Metrics() from the environment and publishes only what the workflow adds to it',
    async (_form, create) => {
      // Prepare
      const tracking: DurableMetricsMiddleware = create();
      const handler = shape(orderWorkflow(tracking.metrics), [tracking]);

      // Act
      const result = await runDurable(handler, { payload: {} });

      // Assess: the model: body once (invocation 2), the step where it ran (1), no ColdStart
      expect(result.status).toBe('SUCCEEDED');
      expectInvocationCount(result, { exactly: 2 });
      expect(published(result, 'env-namespace', 'ordersStarted')).toEqual([1]);
      expect(published(result, 'env-namespace', 'charges')).toEqual([1]);
      expect(published(result, 'env-namespace', 'ordersShipped')).toEqual([1]);
      expect(documentsWith(result.emf, 'ColdStart')).toEqual([]);
      expect(result.emf.map((document) => document.service)).toEqual([
        'env-service',
        'env-service',
      ]);
      expect(new Set(result.emf.map(namespaceOf))).toEqual(new Set(['env-namespace']));
    },
  );

  it("takes Powertools' shape with several instances, publishing each instance's metrics once", async () => {
    // Prepare
    const orders = new Metrics({ namespace: 'orders', serviceName: 'checkout' });
    const billing = new Metrics({ namespace: 'billing', serviceName: 'checkout' });
    const handler = shape(orderWorkflow(orders, billing), [
      durableMetrics([orders, billing], { captureColdStartMetric: true }),
    ]);

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess: per namespace the same model as one instance, plus its own ColdStart in invocation 1
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    for (const namespace of ['orders', 'billing']) {
      expect(published(result, namespace, 'ordersStarted')).toEqual([1]);
      expect(published(result, namespace, 'charges')).toEqual([1]);
      expect(published(result, namespace, 'ordersShipped')).toEqual([1]);
      expect(published(result, namespace, 'ColdStart')).toEqual([1]);
    }
    const coldStarts = documentsWith(result.invocations[0]?.emf ?? [], 'ColdStart');
    expect(coldStarts.map(namespaceOf).sort()).toEqual(['billing', 'orders']);
  });

  it('publishes the ColdStart document with execution_arn, like every other document', async () => {
    // Prepare
    const metrics = new Metrics({ namespace: 'orders', serviceName: 'checkout' });
    const handler = shape(orderWorkflow(metrics), [
      durableMetrics(metrics, { captureColdStartMetric: true }),
    ]);

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    const [coldStart] = documentsWith(result.emf, 'ColdStart');
    const [shipped] = documentsWith(result.emf, 'ordersShipped');
    expect(documentsWith(result.invocations[0]?.emf ?? [], 'ColdStart')).toHaveLength(1);
    expect(typeof shipped?.execution_arn).toBe('string');
    expect(coldStart?.execution_arn).toBe(shipped?.execution_arn);
    for (const document of result.emf) expect(document.execution_arn).toBe(shipped?.execution_arn);
  });

  it('publishes an instance given to two middlewares once', async () => {
    // Prepare
    const metrics = new Metrics({ namespace: 'orders', serviceName: 'checkout' });
    const handler = shape(orderWorkflow(metrics), [
      durableMetrics(metrics),
      durableMetrics({ metrics: [metrics] }),
    ]);

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(published(result, 'orders', 'ordersStarted')).toEqual([1]);
    expect(published(result, 'orders', 'charges')).toEqual([1]);
    expect(published(result, 'orders', 'ordersShipped')).toEqual([1]);
  });
});

describe('middy 7 with executionModeDurablePowertools (the plugin registered in code)', () => {
  it('runs the zero-option form', async () => {
    // Prepare
    const tracking = durableMetrics();
    const handler = middy(orderWorkflow(tracking.metrics), {
      executionMode: executionModeDurablePowertools,
    }).use(tracking) as unknown as DurableLambdaHandler;

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(published(result, 'env-namespace', 'ordersStarted')).toEqual([1]);
    expect(published(result, 'env-namespace', 'charges')).toEqual([1]);
    expect(published(result, 'env-namespace', 'ordersShipped')).toEqual([1]);
  });
});

describe('the same arguments in every form', () => {
  it('withDurableMetrics(handler) builds new Metrics() from the environment, reachable as .metrics', async () => {
    // Prepare
    const workflow: DurableMetricsHandler<unknown, unknown> = withDurableMetrics(
      async (event: unknown, context: DurableContext): Promise<unknown> =>
        orderWorkflow(workflow.metrics)(event, context),
    );
    const handler = withDurableExecution(workflow, pluginConfig());

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(published(result, 'env-namespace', 'ordersStarted')).toEqual([1]);
    expect(published(result, 'env-namespace', 'charges')).toEqual([1]);
    expect(documentsWith(result.emf, 'ColdStart')).toEqual([]);
  });

  it("withDurableMetrics(handler, metrics[], settings) takes Powertools' shape", async () => {
    // Prepare
    const orders = new Metrics({ namespace: 'orders', serviceName: 'checkout' });
    const billing = new Metrics({ namespace: 'billing', serviceName: 'checkout' });
    const handler = withDurableExecution(
      withDurableMetrics(orderWorkflow(orders, billing), [orders, billing], {
        captureColdStartMetric: true,
      }),
      pluginConfig(),
    );

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    for (const namespace of ['orders', 'billing']) {
      expect(published(result, namespace, 'ordersStarted')).toEqual([1]);
      expect(published(result, namespace, 'charges')).toEqual([1]);
      expect(published(result, namespace, 'ColdStart')).toEqual([1]);
    }
    for (const document of result.emf) expect(typeof document.execution_arn).toBe('string');
  });
});
