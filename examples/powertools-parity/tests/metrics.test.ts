// The Python page's Metrics examples (using_metrics.py, best_practice_metrics.py) as TypeScript twins
// on the real local runner, with the EMF documents Powertools writes parsed from stdout.
import {
  type DurableContext,
  type DurableExecutionHandler,
  withDurableExecution,
} from '@aws/durable-execution-sdk-js';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import {
  expectInvocationCount,
  runDurable,
  sumMetric,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import middy from '@middy/core';
import { afterAll, describe, expect, it } from 'vitest';
import { handler as bestPracticeHandler } from '../src/bestPracticeMetrics.ts';
import { handler as usingMetricsHandler } from '../src/usingMetrics.ts';

afterAll(() => teardownDurableHarness());

describe('using_metrics: durableMetrics', () => {
  it('publishes the body metrics once, from the completing invocation, even the one added before the wait', async () => {
    // Act
    const result = await runDurable(usingMetricsHandler, { payload: {} });

    // Assess: the body ran twice (two invocations); the model counts one workflow.
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(sumMetric(result, 'WorkflowStarted')).toBe(1);
    expect(sumMetric(result, 'WorkflowCompleted')).toBe(1);
    const [suspended, completing] = result.invocations;
    expect(suspended?.emf).toEqual([]);
    expect(completing?.emf).toHaveLength(1);
    // The EMF document names the execution (as metadata, not a dimension).
    const [document] = completing?.emf ?? [];
    expect(document?.execution_arn).toEqual(expect.any(String));
    expect(document?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
  });

  it('baseline: plain Powertools logMetrics counts the metric added before the wait once per invocation', async () => {
    // Prepare: the same workflow with Powertools' own middleware, without this suite.
    const metrics = new Metrics({ namespace: 'powertools-parity', serviceName: 'orders' });
    const workflow = async (_event: unknown, context: DurableContext) => {
      metrics.addMetric('WorkflowStarted', MetricUnit.Count, 1);
      await context.step('process_order', async () => 'processed');
      await context.wait({ seconds: 1 });
      metrics.addMetric('WorkflowCompleted', MetricUnit.Count, 1);
      return 'processed';
    };
    // logMetrics is typed for a Lambda context; the chain runs on the durable one.
    const handler = withDurableExecution(
      middy(workflow).use(logMetrics(metrics)) as unknown as DurableExecutionHandler,
    );

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess: why the Python page says to emit at completion only.
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(sumMetric(result, 'WorkflowStarted')).toBe(2);
    expect(sumMetric(result, 'WorkflowCompleted')).toBe(1);
  });
});

describe('best practice: emit metrics at workflow completion (withDurableMetrics, no middy)', () => {
  it('counts a completed workflow once', async () => {
    // Act
    const result = await runDurable(bestPracticeHandler, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(sumMetric(result, 'WorkflowCompleted')).toBe(1);
    expect(result.invocations[0]?.emf).toEqual([]);
  });

  it('counts no completion for a workflow that fails', async () => {
    // Act
    const result = await runDurable(bestPracticeHandler, { payload: { fail: true } });

    // Assess: nothing counted, and Powertools says why the completion had nothing to publish. The
    // harness captures each invocation's stderr (where Powertools writes that warning): the
    // suspended invocation publishes nothing and says nothing, the failing one warns once.
    expect(result.status).toBe('FAILED');
    expectInvocationCount(result, { exactly: 2 });
    expect(sumMetric(result, 'WorkflowCompleted')).toBe(0);
    expect(result.invocations.map((invocation) => invocation.stderr)).toEqual([
      [],
      [expect.stringContaining('No application metrics to publish')],
    ]);
  });
});
