import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  expectInvocationCount,
  expectMetricSum,
  runDurable,
  sumMetric,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { WORKFLOW_METRICS } from '../src/index.js';
import { documentsWith, invocationsPublishing, middyShapes, type Workflow } from './helpers.js';

afterAll(() => teardownDurableHarness());

describe.concurrent.each(Object.entries(middyShapes))('%s', (_shape, build) => {
  it('publishes the workflow-metrics pack once, at completion', async () => {
    // Prepare: a step failing once (retried after 1 s), a 1 s wait, a second step: 3 invocations
    const metrics = new Metrics({ namespace: 'durable-tests', serviceName: 'orders' });
    let chargeAttempts = 0;
    const workflow: Workflow = async (_event, context) => {
      await context.step(
        'charge',
        async () => {
          chargeAttempts++;
          if (chargeAttempts === 1) throw new Error('card network timeout');
        },
        {
          retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 2, delay: { seconds: 1 } }),
        },
      );
      await context.wait({ seconds: 1 });
      await context.step('ship', async () => 'shipped');
      return 'done';
    };
    const startedAt = Date.now();

    // Act
    const result = await runDurable(
      build(workflow, { metrics, builtInMetrics: { workflow: true } }),
      {
        payload: {},
      },
    );
    const elapsed = Date.now() - startedAt;

    // Assess: the model: 3 invocations, 2 replays, 3 attempts of 2 steps (1 retry), a 1 s wait
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 3 });
    expectMetricSum(result, WORKFLOW_METRICS.invocations, 3);
    expectMetricSum(result, WORKFLOW_METRICS.replays, 2);
    expectMetricSum(result, WORKFLOW_METRICS.stepAttempts, 3);
    expectMetricSum(result, WORKFLOW_METRICS.stepRetries, 1);
    for (const name of Object.values(WORKFLOW_METRICS)) {
      expect(documentsWith(result.emf, name), name).toHaveLength(1);
      expect(invocationsPublishing(result, name), name).toEqual([3]);
    }
    const wall = sumMetric(result, WORKFLOW_METRICS.wallTime);
    const suspended = sumMetric(result, WORKFLOW_METRICS.suspendedTime);
    const active = sumMetric(result, WORKFLOW_METRICS.activeTime);
    expect(wall).toBeGreaterThanOrEqual(2000); // the retry delay and the wait, at least
    expect(wall).toBeLessThanOrEqual(elapsed + 50);
    expect(suspended).toBeGreaterThanOrEqual(1000); // the wait
    // The step's 1 s retry delay is inside wall time but not counted as suspended.
    expect(suspended).toBeLessThanOrEqual(wall - 1000);
    expect(active).toBe(wall - suspended);
  });
});
