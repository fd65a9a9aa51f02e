import { Logger } from '@aws-lambda-powertools/logger';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { describe, expect, it } from 'vitest';
import {
  DurablePluginNotRegisteredError,
  DurableTracerError,
  DurableTracerOptionError,
  DurableTracerPlugin,
  DurableTracerPluginMissingError,
  durableCaptureLambdaHandler,
  durableTracer,
} from '../../src/index.js';

/** Calls `build`, expects a DurableTracerOptionError, returns it. */
const optionErrorOf = (build: () => unknown): DurableTracerOptionError => {
  let caught: unknown;
  try {
    build();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DurableTracerOptionError);
  expect(caught).toBeInstanceOf(DurableTracerError);
  return caught as DurableTracerOptionError;
};

describe.each([
  ['durableTracer()', (options: unknown) => durableTracer(options as never)],
  [
    'durableCaptureLambdaHandler()',
    (options: unknown) => durableCaptureLambdaHandler(options as never),
  ],
])('%s at construction', (utility, build) => {
  it('rejects {} (no tracer)', () => {
    // Act
    const error = optionErrorOf(() => build({}));

    // Assess
    expect(error.option).toBe('tracer');
    expect(error.message).toContain(
      `${utility}: option \`tracer\` must be a Powertools Tracer instance, but it was undefined`,
    );
  });

  it('rejects a missing options object', () => {
    // Act
    const error = optionErrorOf(() => build(undefined));

    // Assess
    expect(error.option).toBe('options');
  });

  it('rejects a Logger given as tracer', () => {
    // Act
    const error = optionErrorOf(() => build({ tracer: new Logger() }));

    // Assess
    expect(error.message).toContain('it was a Logger instance');
  });

  it('rejects a non-boolean captureResponse', () => {
    // Act
    const error = optionErrorOf(() => build({ tracer: new Tracer(), captureResponse: 'no' }));

    // Assess
    expect(error.option).toBe('captureResponse');
  });
});

describe('new DurableTracerPlugin()', () => {
  it('accepts no options', () => {
    expect(new DurableTracerPlugin()).toBeInstanceOf(DurableTracerPlugin);
  });

  it('rejects a tracer that is not a Powertools Tracer', () => {
    // Act
    const error = optionErrorOf(() => new DurableTracerPlugin({ tracer: {} as never }));

    // Assess
    expect(error.message).toContain('new DurableTracerPlugin(): option `tracer`');
    expect(error.message).toContain('an empty object');
  });

  it('rejects a non-boolean traceOperations', () => {
    // Act
    const error = optionErrorOf(() => new DurableTracerPlugin({ traceOperations: 0 as never }));

    // Assess
    expect(error.option).toBe('traceOperations');
  });
});

describe('DurableTracerPluginMissingError', () => {
  it('is the suite-wide DurablePluginNotRegisteredError, re-exported, naming the registration', () => {
    // Act
    const error = new DurableTracerPluginMissingError();

    // Assess
    expect(error).toBeInstanceOf(DurablePluginNotRegisteredError);
    expect(error.message).toContain('new DurablePowertoolsPlugin()');
  });
});
