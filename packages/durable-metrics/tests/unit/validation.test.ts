import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it } from 'vitest';
import {
  DurableContextMissingError,
  DurableMetricsError,
  DurableMetricsOptionError,
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
  expect(caught).toBeInstanceOf(DurableMetricsError);
  return caught as DurableMetricsOptionError;
};

const workflow = async () => 'done';

describe.each([
  ['durableMetrics()', (options: unknown) => durableMetrics(options as never)],
  ['withDurableMetrics()', (options: unknown) => withDurableMetrics(workflow, options as never)],
  ['durableLogMetrics()', (options: unknown) => durableLogMetrics(options as never)],
])('%s at construction', (utility, build) => {
  it('rejects a missing options object', () => {
    // Act
    const error = optionErrorOf(() => build(undefined));

    // Assess
    expect(error.option).toBe('options');
    expect(error.message).toContain(`${utility}: option \`options\``);
    expect(error.message).toContain('{ metrics }');
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
    expect(error.message).toContain('withDurableMetrics(handler, { metrics })');
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
