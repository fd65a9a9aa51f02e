import {
  classifyLines,
  DurableAssertionError,
  expectMetricSum,
  metricValues,
  sumMetric,
} from '@durable-powertools/testing';
import { describe, expect, it } from 'vitest';
import { emfLine, resultFrom } from './support.js';

describe('classifyLines', () => {
  it('sorts JSON records, EMF documents and plain text apart', () => {
    // Prepare
    const lines = [
      '{"level":"INFO","message":"hi"}',
      emfLine({ orders: 1 }),
      'plain text',
      '[1,2]',
    ];

    // Act
    const { records, emf, text } = classifyLines(lines);

    // Assess
    expect(records).toEqual([{ level: 'INFO', message: 'hi' }]);
    expect(emf).toHaveLength(1);
    expect(text).toEqual(['plain text', '[1,2]']);
  });
});

describe('metric assertions', () => {
  it('sums scalar and array values of a metric across invocations', () => {
    // Prepare
    const result = resultFrom([[emfLine({ orders: 1 })], [emfLine({ orders: [2, 3], other: 7 })]]);

    // Act
    const values = metricValues(result, 'orders');

    // Assess
    expect(values).toEqual([1, 2, 3]);
    expect(sumMetric(result, 'orders')).toBe(6);
    expect(sumMetric(result, 'other')).toBe(7);
    expect(() => expectMetricSum(result, 'orders', 6)).not.toThrow();
  });

  it('ignores a property that is not declared as a metric', () => {
    // Prepare
    const undeclared = JSON.stringify({
      _aws: { Timestamp: 0, CloudWatchMetrics: [{ Namespace: 'n', Dimensions: [], Metrics: [] }] },
      orders: 5,
    });

    // Act
    const total = sumMetric(resultFrom([[undeclared]]), 'orders');

    // Assess
    expect(total).toBe(0);
  });

  it('names the per-invocation sums when a metric total is wrong', () => {
    // Prepare
    const result = resultFrom([[emfLine({ orders: 1 })], [emfLine({ orders: 1 })]]);

    // Act
    const assertion = () => expectMetricSum(result, 'orders', 1);

    // Assess
    expect(assertion).toThrow(DurableAssertionError);
    expect(assertion).toThrow('got 2 (per invocation #1: 1, #2: 1)');
  });
});
