import {
  type DurableExecutionClient,
  DurableExecutionClientError,
  DurableExecutionClientErrorScope,
  type DurableExecutionInvocationInput,
  DurableExecutionInvocationInputWithClient,
  type DurableLambdaHandler,
  type InvocationEndInfo,
  withDurableExecution,
} from '@aws/durable-execution-sdk-js';
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
import { DurableMetricsPlugin, durableMetrics } from '../src/index.js';
import { invocationsPublishing, type Workflow } from './helpers.js';

interface LambdaRetries {
  /** Lambda attempts per harness invocation (index 0 = invocation 1). */
  attempts: number[];
}

/**
 * Stands in for the parts of AWS that cannot run here. Each invocation gets a checkpoint transport
 * that fails, once, the first checkpoint of a child context, with a transient (INVOCATION-scoped)
 * `DurableExecutionClientError`, as a throttled or timed-out checkpoint call would. The SDK sends
 * that checkpoint in the background; by the time it fails the workflow has returned and middy is
 * running its `after` middlewares, so the SDK terminates the invocation, reports RETRYING and
 * rethrows. Lambda would retry the invocation with the same input; the local runner does not (it
 * rejects the run), so this wrapper does: it calls the handler again with the original input, whose
 * checkpoint token is still current because the failed call never reached the checkpoint server.
 */
const failChildCheckpointOnce = (
  handler: DurableLambdaHandler,
  retries: LambdaRetries,
): DurableLambdaHandler => {
  let failed = false;
  return async (input, context) => {
    const index = retries.attempts.push(1) - 1;
    const real = (input as unknown as DurableExecutionInvocationInputWithClient)
      .durableExecutionClient;
    const flaky: DurableExecutionClient = {
      getExecutionState: (params, logger) => real.getExecutionState(params, logger),
      checkpoint: async (params, logger) => {
        const touchesChild = params.Updates?.some((update) => update.Type === 'CONTEXT');
        if (touchesChild && !failed) {
          failed = true;
          throw new DurableExecutionClientError('injected: checkpoint throttled', {
            scope: DurableExecutionClientErrorScope.INVOCATION,
          });
        }
        return real.checkpoint(params, logger);
      },
    };
    try {
      return await handler(
        new DurableExecutionInvocationInputWithClient(
          input as DurableExecutionInvocationInput,
          flaky,
        ) as unknown as DurableExecutionInvocationInput,
        context,
      );
    } catch {
      retries.attempts[index] = (retries.attempts[index] ?? 1) + 1;
      return handler(input, context); // Lambda's retry of the same invocation
    }
  };
};

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
    const retries: LambdaRetries = { attempts: [] };
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
    const result = await runDurable(failChildCheckpointOnce(handler, retries), {
      payload: {},
    });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(retries.attempts).toEqual([1, 2]);
    expect(statuses).toEqual(['PENDING', 'RETRYING', 'SUCCEEDED']);
    expectMetricSum(result, 'exportsRequested', 1);
    expectMetricSum(result, 'exportsCompleted', 1);
    expectMetricSum(result, 'exportsFinalized', 1);
    expect(invocationsPublishing(result, 'exportsCompleted')).toEqual([2]);
  });

  it('is published once with the plugin from DURABLE_EXECUTION_PLUGINS (middy durable mode)', async () => {
    // Prepare
    const metrics = newMetrics();
    const retries: LambdaRetries = { attempts: [] };
    process.env.DURABLE_EXECUTION_PLUGINS = '@durable-powertools/metrics/plugin';
    const handler = middy(exportWorkflow(metrics), {
      executionMode: executionModeDurableContext,
    })
      .use(slowAfter)
      .use(durableMetrics({ metrics })) as unknown as DurableLambdaHandler;
    delete process.env.DURABLE_EXECUTION_PLUGINS;

    // Act
    const result = await runDurable(failChildCheckpointOnce(handler, retries), {
      payload: {},
    });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(retries.attempts).toEqual([1, 2]);
    expectMetricSum(result, 'exportsRequested', 1);
    expectMetricSum(result, 'exportsCompleted', 1);
  });

  it('is published twice without the plugin: the failure the plugin exists for', async () => {
    // Prepare
    const metrics = newMetrics();
    const retries: LambdaRetries = { attempts: [] };
    const handler = withDurableExecution(
      middy(exportWorkflow(metrics)).use(slowAfter).use(durableMetrics({ metrics })),
    );

    // Act
    const result = await runDurable(failChildCheckpointOnce(handler, retries), {
      payload: {},
    });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(retries.attempts).toEqual([1, 2]);
    expectMetricSum(result, 'exportsCompleted', 2);
    expectMetricSum(result, 'exportsRequested', 2);
  });
});
