import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it } from 'vitest';
import {
  attachDurableLogger,
  DurableContextMissingError,
  DurableLoggerError,
  DurableLoggerOptionError,
  durableInjectLambdaContext,
  durableLogger,
} from '../../src/index.js';

// Every misuse fails where the middleware, decorator or call is made, with the option's name, what
// was given and what was expected in the message.

/** Calls `build`, expects a DurableLoggerOptionError, returns it. */
const optionErrorOf = (build: () => unknown): DurableLoggerOptionError => {
  let caught: unknown;
  try {
    build();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DurableLoggerOptionError);
  expect(caught).toBeInstanceOf(DurableLoggerError);
  return caught as DurableLoggerOptionError;
};

describe.each([
  ['durableLogger()', (options: unknown) => durableLogger(options as never)],
  [
    'durableInjectLambdaContext()',
    (options: unknown) => durableInjectLambdaContext(options as never),
  ],
])('%s at construction', (utility, build) => {
  it('rejects a missing options object, naming the call to make', () => {
    // Act
    const error = optionErrorOf(() => (build as (options?: unknown) => unknown)());

    // Assess
    expect(error.option).toBe('options');
    expect(error.message).toContain(`${utility}: option \`options\``);
    expect(error.message).toContain('was undefined');
    expect(error.message).toContain('{ logger }');
  });

  it('rejects {} (no logger), naming the logger option', () => {
    // Act
    const error = optionErrorOf(() => build({}));

    // Assess
    expect(error.option).toBe('logger');
    expect(error.received).toBeUndefined();
    expect(error.message).toContain('must be a Powertools Logger instance, but it was undefined');
    expect(error.message).toContain("'@aws-lambda-powertools/logger'");
  });

  it('rejects a Metrics instance given as logger, saying what it was', () => {
    // Act
    const error = optionErrorOf(() => build({ logger: new Metrics({ namespace: 'n' }) }));

    // Assess
    expect(error.message).toContain('but it was a Metrics instance');
  });

  it.each([
    ['logEvent', 'yes'],
    ['resetKeys', 1],
    ['executionArnConsoleKey', null],
    ['logReplayed', 'true'],
  ])('rejects a non-boolean %s', (option, value) => {
    // Act
    const error = optionErrorOf(() => build({ logger: new Logger(), [option]: value }));

    // Assess
    expect(error.option).toBe(option);
    expect(error.expected).toBe('true, false or left out');
  });

  it('rejects an empty correlationIdPath', () => {
    // Act
    const error = optionErrorOf(() => build({ logger: new Logger(), correlationIdPath: '' }));

    // Assess
    expect(error.option).toBe('correlationIdPath');
    expect(error.message).toContain('the string ""');
  });

  it("rejects an unknown option such as Powertools' clearState, listing the known ones", () => {
    // Act
    const error = optionErrorOf(() => build({ logger: new Logger(), clearState: true }));

    // Assess
    expect(error.option).toBe('clearState');
    expect(error.message).toContain('logEvent, correlationIdPath');
  });

  it('accepts a Logger with valid settings', () => {
    // Act
    const result = build({ logger: new Logger(), logEvent: true, correlationIdPath: 'id' });

    // Assess
    expect(typeof result).toMatch(/object|function/);
  });
});

describe('attachDurableLogger() when called', () => {
  it('rejects a missing logger before looking at the context', () => {
    // Act
    const error = optionErrorOf(() => attachDurableLogger({} as never, undefined as never));

    // Assess
    expect(error.message).toContain('attachDurableLogger(): option `logger`');
  });

  it('rejects settings that are not an object', () => {
    // Act
    const error = optionErrorOf(() =>
      attachDurableLogger({} as never, new Logger(), 'debug' as never),
    );

    // Assess
    expect(error.option).toBe('settings');
  });

  it('rejects a plain Lambda context with the re-exported DurableContextMissingError', () => {
    // Act / Assess
    expect(() => attachDurableLogger({ functionName: 'f' } as never, new Logger())).toThrow(
      DurableContextMissingError,
    );
  });
});

describe('durableInjectLambdaContext() when applied', () => {
  it('rejects a decorated member that is not a method', () => {
    // Prepare
    const decorator = durableInjectLambdaContext({ logger: new Logger() });

    // Act
    const error = optionErrorOf(() => decorator({}, 'handler', { value: 42 }));

    // Assess
    expect(error.option).toBe('decorated member');
    expect(error.message).toContain('the number 42');
  });
});
