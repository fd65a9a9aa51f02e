import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { runDurable, teardownDurableHarness } from '@durable-powertools/testing';
import { type DurableMatchers, durableMatchers } from '@durable-powertools/testing/matchers';
import { afterAll, describe, expect, it } from 'vitest';
import { emfLine, logLine, resultFrom } from './support.js';

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: Vitest's own declaration uses `any`; merging must match.
  interface Matchers<T = any> extends DurableMatchers<T> {}
}

expect.extend(durableMatchers);

afterAll(() => teardownDurableHarness());

describe('toHaveEachMessageOnce', () => {
  it('passes when each message was written once across invocations', () => {
    // Prepare
    const result = resultFrom([[logLine('charged')], [logLine('shipped')]]);

    // Act + Assess
    expect(result).toHaveEachMessageOnce();
    expect(result).toHaveEachMessageOnce(['charged']);
    expect(result).not.toHaveEachMessageOnce(['refunded']);
  });

  it('fails with the repeated message and the per-invocation breakdown', () => {
    // Prepare
    const result = resultFrom([[logLine('charged')], [logLine('charged'), logLine('shipped')]]);

    // Act
    const assertion = () => expect(result).toHaveEachMessageOnce();

    // Assess
    expect(assertion).toThrow(/"charged": 2 time\(s\)/);
    expect(assertion).toThrow(/invocation 2 \(PENDING\): 2 record\(s\)/);
  });

  it('fails under .not with its own message when every message was written once', () => {
    // Prepare
    const result = resultFrom([[logLine('charged')]]);

    // Act
    const assertion = () => expect(result).not.toHaveEachMessageOnce();

    // Assess
    expect(assertion).toThrow('Expected not every message to be written exactly once, but it was.');
  });

  it('fails naming what it expected when given something other than a run result', () => {
    // Act
    const assertion = () => expect({ records: [] }).toHaveEachMessageOnce();

    // Assess
    expect(assertion).toThrow(/toHaveEachMessageOnce expects what runDurable returned/);
  });
});

describe('toHaveMetricSum', () => {
  it('passes on the summed values and fails with the per-invocation sums', () => {
    // Prepare
    const result = resultFrom([[emfLine({ orders: 1 })], [emfLine({ orders: [2, 3] })]]);

    // Act
    const wrong = () => expect(result).toHaveMetricSum('orders', 5);
    const negated = () => expect(result).not.toHaveMetricSum('orders', 6);

    // Assess
    expect(result).toHaveMetricSum('orders', 6);
    expect(wrong).toThrow(
      'Expected metric "orders" to sum to 5, got 6 (per invocation #1: 1, #2: 5).',
    );
    expect(negated).toThrow('Expected metric "orders" not to sum to 6, but it did (6).');
  });
});

describe('matchers on a real run', () => {
  it('see stderr records and EMF written across a real invocation boundary', async () => {
    // Prepare: plain Powertools, not replay-aware, so body lines and metrics repeat per invocation.
    const logger = new Logger({ serviceName: 'matchers' });
    const metrics = new Metrics({ namespace: 'matchers', serviceName: 'matchers' });
    const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
      logger.error('body error');
      metrics.addMetric('bodyRuns', MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
      await context.wait({ seconds: 1 });
      return 'done';
    });

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expect(result.invocations).toHaveLength(2);
    expect(result).not.toHaveEachMessageOnce(['body error']);
    expect(() => expect(result).toHaveEachMessageOnce()).toThrow(/"body error": 2 time/);
    expect(result).toHaveMetricSum('bodyRuns', 2);
  });
});
