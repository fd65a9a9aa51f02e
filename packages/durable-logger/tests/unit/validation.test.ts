import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DurableOptionError, DurablePowertoolsError } from '@durable-powertools/commons';
import { afterEach, describe, expect, it } from 'vitest';
import {
  attachDurableLogger,
  DurableContextMissingError,
  DurableLoggerOptionError,
  durableInjectLambdaContext,
  durableLogger,
  withDurableLogger,
} from '../../src/index.js';
import { logReplayedFromEnv } from '../../src/options.js';

// Every misuse fails where the middleware, decorator or wrapper is made, with the option's name, what
// was given and what was expected in the message; the zero-option forms build new Logger().

/** Calls `build`, expects a DurableLoggerOptionError, returns it. */
const optionErrorOf = (build: () => unknown): DurableLoggerOptionError => {
  let caught: unknown;
  try {
    build();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DurableLoggerOptionError);
  expect(caught).toBeInstanceOf(DurableOptionError);
  expect(caught).toBeInstanceOf(DurablePowertoolsError);
  return caught as DurableLoggerOptionError;
};

const workflow = async () => 'done';
type Build = (first?: unknown, second?: unknown) => { logger: Logger };

afterEach(() => {
  delete process.env.POWERTOOLS_LOG_LEVEL;
});

describe.each<[string, Build]>([
  ['durableLogger()', (first, second) => durableLogger(first as never, second as never)],
  [
    'durableInjectLambdaContext()',
    (first, second) => durableInjectLambdaContext(first as never, second as never),
  ],
  [
    'withDurableLogger()',
    (first, second) => withDurableLogger(workflow, first as never, second as never),
  ],
])('%s at construction', (utility, build) => {
  it.each([
    ['no argument', [] as unknown[]],
    ['{}', [{}]],
    ['{ logger: undefined }', [{ logger: undefined }]],
  ])('with %s builds new Logger() from the environment, reachable as .logger', (_case, args) => {
    // Prepare (the service name is asserted on records, in zeroOption.test.ts)
    process.env.POWERTOOLS_LOG_LEVEL = 'WARN';

    // Act
    const { logger } = build(...args);

    // Assess: what new Logger() reads from the same environment
    const expected = new Logger();
    expect(logger).toBeInstanceOf(Logger);
    expect(logger.getLevelName()).toBe('WARN');
    expect(logger.getLevelName()).toBe(expected.getLevelName());
  });

  it.each([
    ["Powertools' (logger, settings)", (logger: Logger) => [logger, { logEvent: true }]],
    ['({ logger, ...settings })', (logger: Logger) => [{ logger, logEvent: true }]],
    ['(logger)', (logger: Logger) => [logger]],
  ])('accepts %s and uses that logger', (_case, args) => {
    // Prepare
    const logger = new Logger({ serviceName: 'given' });

    // Act / Assess
    expect(build(...args(logger)).logger).toBe(logger);
  });

  it.each([
    [{ loger: new Logger() }, 'loger', 'logger'],
    [{ logEvnt: true }, 'logEvnt', 'logEvent'],
    [{ resetKey: false }, 'resetKey', 'resetKeys'],
  ])(
    'rejects the misspelt %o as unknown, naming the closest valid option',
    (options, name, closest) => {
      // Act
      const error = optionErrorOf(() => build(options));

      // Assess
      expect(error.option).toBe(name);
      expect(error.message).toContain(`${utility}: unknown option \`${name}\``);
      expect(error.message).toContain(`Did you mean \`${closest}\`?`);
    },
  );

  it('rejects a misspelt setting in the (logger, settings) shape, and logger among the settings', () => {
    // Act
    const misspelt = optionErrorOf(() => build(new Logger(), { logReplay: true }));
    const doubled = optionErrorOf(() => build(new Logger(), { logger: new Logger() }));

    // Assess
    expect(misspelt.message).toContain('Did you mean `logReplayed`?');
    expect(doubled.option).toBe('logger');
    expect(doubled.message).toContain('unknown option `logger`');
  });

  it('rejects a Metrics instance given as logger, in either shape, saying what it was', () => {
    // Act
    const inObject = optionErrorOf(() => build({ logger: new Metrics({ namespace: 'n' }) }));
    const first = optionErrorOf(() => build(new Metrics({ namespace: 'n' })));

    // Assess
    for (const error of [inObject, first]) {
      expect(error.option).toBe('logger');
      expect(error.message).toContain(
        'must be a Powertools Logger instance, but it was a Metrics instance',
      );
      expect(error.message).toContain("'@aws-lambda-powertools/logger'");
    }
  });

  it('rejects options that are not an object, and settings after an options object', () => {
    // Act
    const notObject = optionErrorOf(() => build('orders'));
    const extra = optionErrorOf(() => build({ logEvent: true }, { resetKeys: true }));

    // Assess
    expect(notObject.option).toBe('options');
    expect(notObject.message).toContain('the string "orders"');
    expect(extra.option).toBe('settings');
  });

  it.each([
    ['logEvent', 'yes'],
    ['resetKeys', 1],
    ['executionArnConsoleKey', null],
    ['operationIdKeys', 'true'],
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
    const error = optionErrorOf(() => build(new Logger(), { correlationIdPath: '' }));

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
});

describe('attachDurableLogger() (deprecated) when called', () => {
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
    const decorator = durableInjectLambdaContext(new Logger());

    // Act
    const error = optionErrorOf(() => decorator({}, 'handler', { value: 42 }));

    // Assess
    expect(error.option).toBe('decorated member');
    expect(error.message).toContain('the number 42');
  });
});

describe('DURABLE_POWERTOOLS_LOG_REPLAYED (the default of logReplayed)', () => {
  it.each([
    ['true', true],
    ['yes', true],
    ['1', true],
    ['off', false],
    ['0', false],
    ['maybe', false],
    [undefined, false],
  ])(
    '%s reads as %s, with Powertools boolean parsing (anything else is off)',
    (value, expected) => {
      // Prepare
      if (value === undefined) delete process.env.DURABLE_POWERTOOLS_LOG_REPLAYED;
      else process.env.DURABLE_POWERTOOLS_LOG_REPLAYED = value;

      // Act / Assess
      expect(logReplayedFromEnv()).toBe(expected);
      delete process.env.DURABLE_POWERTOOLS_LOG_REPLAYED;
    },
  );
});
