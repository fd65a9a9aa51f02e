import { Logger } from '@aws-lambda-powertools/logger';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { DurableOptionError } from '@durable-powertools/commons';
import { describe, expect, it } from 'vitest';
import {
  DurablePluginNotRegisteredError,
  DurableTracerOptionError,
  DurableTracerPlugin,
  DurableTracerPluginMissingError,
  durableCaptureLambdaHandler,
  durableTracer,
  withDurableTracer,
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
  expect(caught).toBeInstanceOf(DurableOptionError);
  return caught as DurableTracerOptionError;
};

const workflow = async () => 'done';
const tracer = new Tracer({ captureHTTPsRequests: false });

describe.each([
  ['durableTracer()', (...args: unknown[]) => durableTracer(...(args as [never, never]))],
  [
    'durableCaptureLambdaHandler()',
    (...args: unknown[]) => durableCaptureLambdaHandler(...(args as [never, never])),
  ],
  ['withDurableTracer()', (options?: unknown) => withDurableTracer(workflow, options as never)],
])('%s at construction', (utility, build) => {
  it('accepts no options and {}: a Tracer from the environment', () => {
    expect(() => build()).not.toThrow();
    expect(() => build({})).not.toThrow();
  });

  it('names a misspelt option and the closest valid one', () => {
    // Act
    const error = optionErrorOf(() => build({ tracr: tracer }));

    // Assess
    expect(error.option).toBe('tracr');
    expect(error.message).toContain(`${utility}: unknown option \`tracr\``);
    expect(error.message).toContain('Did you mean `tracer`?');
  });

  it('reports a misspelt switch as unknown, not as missing', () => {
    // Act
    const error = optionErrorOf(() => build({ tracer, captureResponce: false }));

    // Assess
    expect(error.option).toBe('captureResponce');
    expect(error.message).toContain('Did you mean `captureResponse`?');
  });

  it('rejects a Logger given as tracer', () => {
    // Act
    const error = optionErrorOf(() => build({ tracer: new Logger() }));

    // Assess
    expect(error.option).toBe('tracer');
    expect(error.message).toContain('it was a Logger instance');
  });

  it('rejects a non-boolean captureResponse', () => {
    // Act
    const error = optionErrorOf(() => build({ tracer, captureResponse: 'no' }));

    // Assess
    expect(error.option).toBe('captureResponse');
  });
});

describe.each([
  ['durableTracer()', (...args: unknown[]) => durableTracer(...(args as [never, never]))],
  [
    'durableCaptureLambdaHandler()',
    (...args: unknown[]) => durableCaptureLambdaHandler(...(args as [never, never])),
  ],
])('%s(tracer, options): Powertools’ captureLambdaHandler signature', (_utility, build) => {
  it('accepts a Tracer alone and with options', () => {
    expect(() => build(tracer)).not.toThrow();
    expect(() => build(tracer, { captureResponse: false, traceOperations: false })).not.toThrow();
  });

  it('rejects `tracer` again in the options, naming it', () => {
    // Act
    const error = optionErrorOf(() => build(tracer, { tracer }));

    // Assess
    expect(error.option).toBe('tracer');
  });

  it('rejects a Logger in the place of the Tracer', () => {
    // Act
    const error = optionErrorOf(() => build(new Logger(), {}));

    // Assess
    expect(error.option).toBe('tracer');
  });
});

describe('durableTracer().tracer', () => {
  it('is the Tracer in use: yours, or one built from the environment', () => {
    expect(durableTracer(tracer).tracer).toBe(tracer);
    expect(durableTracer({ tracer }).tracer).toBe(tracer);
    expect(durableTracer().tracer).toBeInstanceOf(Tracer);
  });
});

describe('withDurableTracer()', () => {
  it('rejects a handler that is not a function', () => {
    // Act
    const error = optionErrorOf(() => withDurableTracer('handler' as never));

    // Assess
    expect(error.option).toBe('handler');
  });
});

describe('new DurableTracerPlugin() (deprecated)', () => {
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

  it('names a misspelt option', () => {
    // Act
    const error = optionErrorOf(() => new DurableTracerPlugin({ traceOperation: false } as never));

    // Assess
    expect(error.message).toContain('Did you mean `traceOperations`?');
  });
});

describe('DurableTracerPluginMissingError (deprecated)', () => {
  it('is the suite-wide DurablePluginNotRegisteredError', () => {
    expect(DurableTracerPluginMissingError).toBe(DurablePluginNotRegisteredError);
  });
});
