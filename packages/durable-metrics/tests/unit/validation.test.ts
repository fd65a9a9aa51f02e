import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DurableOptionError } from '@durable-powertools/commons';
import { describe, expect, it } from 'vitest';
import {
  DurableContextMissingError,
  DurableMetricsOptionError,
  DurablePowertoolsError,
  durableLogMetrics,
  durableMetrics,
  withDurableMetrics,
} from '../../src/index.js';

/** Calls `build`, expects a DurableMetricsOptionError, returns it. */
const optionErrorOf = (build: () => unknown): DurableMetricsOptionError => {
  let caught: unknown;
  try {
    build();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DurableMetricsOptionError);
  expect(caught).toBeInstanceOf(DurableOptionError);
  expect(caught).toBeInstanceOf(DurablePowertoolsError);
  return caught as DurableMetricsOptionError;
};

const workflow = async () => 'done';

describe.each([
  [
    'durableMetrics()',
    (first?: unknown, second?: unknown) => durableMetrics(first as never, second as never),
  ],
  [
    'withDurableMetrics()',
    (first?: unknown, second?: unknown) =>
      withDurableMetrics(workflow, first as never, second as never),
  ],
  [
    'durableLogMetrics()',
    (first?: unknown, second?: unknown) => durableLogMetrics(first as never, second as never),
  ],
])('%s at construction', (utility, build) => {
  it("accepts nothing, {} and Powertools' shapes: an instance or an array, then settings", () => {
    // Prepare
    const metrics = new Metrics({ namespace: 'n' });

    // Act / Assess
    expect(() => build(undefined)).not.toThrow();
    expect(() => build({})).not.toThrow();
    expect(() => build(metrics, { captureColdStartMetric: true })).not.toThrow();
    expect(() => build([metrics, new Metrics({ namespace: 'm' })])).not.toThrow();
  });

  it('rejects options that are not an object', () => {
    // Act
    const error = optionErrorOf(() => build('orders'));

    // Assess
    expect(error.option).toBe('options');
    expect(error.message).toContain(`${utility}: option \`options\``);
    expect(error.message).toContain('{ metrics, ...settings }');
  });

  it('names a misspelt option and the closest valid one, before any other check', () => {
    // Act
    const misspelt = optionErrorOf(() => build({ metric: new Metrics() }));
    const misspeltSetting = optionErrorOf(() =>
      build(new Metrics(), { captureColdStart: true, throwOnEmptyMetrics: 'yes' }),
    );

    // Assess
    expect(misspelt.option).toBe('metric');
    expect(misspelt.message).toContain('unknown option `metric`');
    expect(misspelt.message).toContain('Did you mean `metrics`?');
    expect(misspeltSetting.option).toBe('captureColdStart');
    expect(misspeltSetting.message).toContain('Did you mean `captureColdStartMetric`?');
  });

  it('rejects an empty array and a non-Metrics item, naming its index', () => {
    // Act
    const empty = optionErrorOf(() => build([]));
    const wrongItem = optionErrorOf(() => build([new Metrics(), new Logger()]));

    // Assess
    expect(empty.option).toBe('metrics');
    expect(wrongItem.option).toBe('metrics[1]');
    expect(wrongItem.message).toContain('but it was a Logger instance');
  });

  it('rejects a Logger given in place of the instance', () => {
    // Act
    const error = optionErrorOf(() => build(new Logger()));

    // Assess
    expect(error.option).toBe('metrics');
    expect(error.message).toContain('must be a Powertools Metrics instance');
  });

  it('rejects a Logger given as metrics, saying what it was', () => {
    // Act
    const error = optionErrorOf(() => build({ metrics: new Logger() }));

    // Assess
    expect(error.option).toBe('metrics');
    expect(error.message).toContain(
      'must be a Powertools Metrics instance, but it was a Logger instance',
    );
  });

  it('rejects a non-boolean captureColdStartMetric', () => {
    // Act
    const error = optionErrorOf(() => build({ metrics: new Metrics(), captureColdStartMetric: 1 }));

    // Assess
    expect(error.option).toBe('captureColdStartMetric');
  });

  it('rejects an empty default dimension value, naming the dimension', () => {
    // Act
    const error = optionErrorOf(() =>
      build({ metrics: new Metrics(), defaultDimensions: { environment: '' } }),
    );

    // Assess
    expect(error.option).toBe('defaultDimensions.environment');
    expect(error.message).toContain('a non-empty string');
  });

  it('rejects more default dimensions than EMF allows', () => {
    // Prepare
    const defaultDimensions = Object.fromEntries(
      Array.from({ length: 30 }, (_, index) => [`d${index}`, 'v']),
    );

    // Act
    const error = optionErrorOf(() => build({ metrics: new Metrics(), defaultDimensions }));

    // Assess
    expect(error.option).toBe('defaultDimensions');
    expect(error.expected).toContain('at most 29');
  });

  it('rejects an unknown built-in metric switch', () => {
    // Act
    const error = optionErrorOf(() =>
      build({ metrics: new Metrics(), builtInMetrics: { durations: true } }),
    );

    // Assess
    expect(error.option).toBe('builtInMetrics.durations');
  });

  it('rejects an unknown option', () => {
    // Act
    const error = optionErrorOf(() => build({ metrics: new Metrics(), namespace: 'orders' }));

    // Assess
    expect(error.option).toBe('namespace');
    expect(error.message).toContain('unknown option `namespace`');
  });
});

describe('withDurableMetrics()', () => {
  it('rejects a handler that is not a function', () => {
    // Act
    const error = optionErrorOf(() =>
      withDurableMetrics({ metrics: new Metrics() } as never, {} as never),
    );

    // Assess
    expect(error.option).toBe('handler');
    expect(error.message).toContain('withDurableMetrics(handler, metrics?, settings?)');
  });

  it('rejects a plain Lambda context with the re-exported DurableContextMissingError', async () => {
    // Prepare
    const handler = withDurableMetrics(workflow, { metrics: new Metrics({ namespace: 'n' }) });

    // Act / Assess
    await expect(handler({}, { functionName: 'f' } as never)).rejects.toThrow(
      DurableContextMissingError,
    );
  });
});
