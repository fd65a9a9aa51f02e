import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  expectInvocationCount,
  expectMetricSum,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DurableMetricsPlugin,
  DurablePowertoolsPlugin,
  durableLogMetrics,
} from '../../src/index.js';
import { documentsWith, invocationsPublishing, retryEverySecond } from '../helpers.js';

afterAll(() => teardownDurableHarness());

const newMetrics = (): Metrics =>
  new Metrics({ namespace: 'durable-tests', serviceName: 'orders' });

describe('durableLogMetrics()', () => {
  it('counts a decorated handler body once and each step attempt once, across replays', async () => {
    // Prepare: body metric, a step failing once (retried after 1 s), a wait: 3 invocations
    const metrics = newMetrics();
    let attempts = 0;
    class Lambda {
      readonly #orderValue = 42;

      @durableLogMetrics({ metrics })
      public async handler(_event: unknown, context: DurableContext): Promise<string> {
        metrics.addMetric('ordersStarted', MetricUnit.Count, 1);
        await context.step(
          'charge',
          async () => {
            attempts++;
            metrics.addMetric('chargeAttempts', MetricUnit.Count, 1);
            if (attempts === 1) throw new Error('card network timeout');
          },
          { retryStrategy: retryEverySecond(2) },
        );
        await context.wait({ seconds: 1 });
        metrics.addMetric('orderValue', MetricUnit.Count, this.#orderValue);
        return 'done';
      }
    }
    const lambda = new Lambda();
    const handler = withDurableExecution(lambda.handler.bind(lambda), {
      plugins: [new DurableMetricsPlugin()],
    });

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess: the model: body once at completion (invocation 3), attempts where they ran (1 and 2)
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 3 });
    expectMetricSum(result, 'ordersStarted', 1);
    expectMetricSum(result, 'orderValue', 42);
    expectMetricSum(result, 'chargeAttempts', 2);
    expect(invocationsPublishing(result, 'ordersStarted')).toEqual([3]);
    expect(invocationsPublishing(result, 'chargeAttempts')).toEqual([1, 2]);
  });

  it("takes Powertools' shape (metrics, settings), its ColdStart tied to the execution", async () => {
    // Prepare: Powertools reports a cold start only for on-demand initialisation (read at construction)
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
    const metrics = newMetrics();
    delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
    class Lambda {
      @durableLogMetrics(metrics, { captureColdStartMetric: true })
      public async handler(_event: unknown, context: DurableContext): Promise<string> {
        metrics.addMetric('ordersStarted', MetricUnit.Count, 1);
        await context.wait({ seconds: 1 });
        return 'done';
      }
    }
    const lambda = new Lambda();
    const handler = withDurableExecution(lambda.handler.bind(lambda), {
      plugins: [new DurablePowertoolsPlugin()],
    });

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expectMetricSum(result, 'ordersStarted', 1);
    expect(invocationsPublishing(result, 'ColdStart')).toEqual([1]);
    const [started] = documentsWith(result.emf, 'ordersStarted');
    const [coldStart] = documentsWith(result.emf, 'ColdStart');
    expect(coldStart?.execution_arn).toBe(started?.execution_arn);
  });

  it('builds new Metrics() from the environment without arguments, reachable as .metrics', async () => {
    // Prepare
    process.env.POWERTOOLS_METRICS_NAMESPACE = 'env-namespace';
    const logMetrics = durableLogMetrics();
    delete process.env.POWERTOOLS_METRICS_NAMESPACE;
    class Lambda {
      @logMetrics
      public async handler(_event: unknown, context: DurableContext): Promise<string> {
        logMetrics.metrics.addMetric('ordersStarted', MetricUnit.Count, 1);
        await context.wait({ seconds: 1 });
        return 'done';
      }
    }
    const lambda = new Lambda();
    const handler = withDurableExecution(lambda.handler.bind(lambda), {
      plugins: [new DurablePowertoolsPlugin()],
    });

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expectMetricSum(result, 'ordersStarted', 1);
    expect(invocationsPublishing(result, 'ordersStarted')).toEqual([2]);
    expect(result.emf[0]?._aws.CloudWatchMetrics[0]?.Namespace).toBe('env-namespace');
    expect(invocationsPublishing(result, 'ColdStart')).toEqual([]);
  });

  it("unlike Powertools' own logMetrics, which counts the body once per invocation", async () => {
    // Prepare
    const metrics = newMetrics();
    class Lambda {
      public async handler(_event: unknown, context: DurableContext): Promise<string> {
        metrics.addMetric('ordersStarted', MetricUnit.Count, 1);
        await context.wait({ seconds: 1 });
        return 'done';
      }
    }
    // What `@metrics.logMetrics()` compiles to under experimentalDecorators (its only form).
    const descriptor = Object.getOwnPropertyDescriptor(Lambda.prototype, 'handler')!;
    metrics.logMetrics()(Lambda.prototype as never, 'handler', descriptor as never);
    Object.defineProperty(Lambda.prototype, 'handler', descriptor);
    const lambda = new Lambda();

    // Act
    const result = await runDurable(withDurableExecution(lambda.handler.bind(lambda)), {
      payload: {},
    });

    // Assess: the suspended invocation's metric leaks into the completing one's document
    expectInvocationCount(result, { exactly: 2 });
    expectMetricSum(result, 'ordersStarted', 2);
  });
});
