import { describe, expect, it } from 'vitest';
import {
  DurableContextMissingError,
  DurableOptionError,
  DurablePluginNotRegisteredError,
  DurablePowertoolsError,
  handlerMethodDecorator,
  type InvalidOptionDetails,
  OptionChecks,
} from '../../src/index.js';
import { describeValue } from '../../src/options.js';

class OrderService {}

/** A package's option error, declared the way the template says. */
class DurableExampleOptionError extends DurableOptionError {
  public constructor(details: InvalidOptionDetails) {
    super(details);
    this.name = 'DurableExampleOptionError';
  }
}

const thrownBy = (act: () => unknown): unknown => {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('describeValue', () => {
  it.each([
    [undefined, 'undefined'],
    [null, 'null'],
    [{}, 'an empty object'],
    [{ logger: 1, logEvent: true }, 'an object with the key(s) logger, logEvent'],
    [new OrderService(), 'a OrderService instance'],
    ['x'.repeat(50), `the string "${'x'.repeat(40)}..."`],
    [3, 'the number 3'],
    [[1, 2], 'an array of 2 item(s)'],
    [function named() {}, 'the function named'],
  ])('describes %o as %s', (value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });
});

describe('OptionChecks', () => {
  const check = new OptionChecks('util()', (details) => new RangeError(details.message));
  const example = new OptionChecks(
    'durableExample()',
    (details) => new DurableExampleOptionError(details),
  );
  const known = ['logger', 'logEvent', 'clearState', 'correlationIdPath'];

  it('reports the option, what was given and what is expected, plus the fix', () => {
    expect(() => check.reject('limit', 'ten', 'a number', 'Pass 10.')).toThrow(
      new RangeError(
        'util(): option `limit` must be a number, but it was the string "ten". Pass 10.',
      ),
    );
  });

  it('ignores known and undefined keys, rejects the others', () => {
    expect(() => check.knownKeys({ a: 1, b: undefined }, ['a'])).not.toThrow();
    expect(() => check.knownKeys({ a: 1, c: 2 }, ['a'])).toThrow(/option `c`/);
  });

  it.each([
    ['loger', 'logger'],
    ['logevent', 'logEvent'],
    ['clearstate', 'clearState'],
    ['correlationIdPat', 'correlationIdPath'],
  ])('names the unknown key %s and the closest valid one, %s', (typo, closest) => {
    // Act
    const error = thrownBy(() => example.knownKeys({ [typo]: 1 }, known));

    // Assess
    expect(error).toBeInstanceOf(DurableExampleOptionError);
    expect((error as Error).message).toBe(
      `durableExample(): unknown option \`${typo}\` (the number 1). Did you mean \`${closest}\`? ` +
        `Known options: ${known.join(', ')}.`,
    );
  });

  it('suggests no name when none is close, and prefixes nested option paths', () => {
    // Act
    const far = thrownBy(() => example.knownKeys({ zzz: true }, known));
    const nested = thrownBy(() => example.knownKeys({ loger: true }, known, 'config.'));

    // Assess
    expect((far as Error).message).toBe(
      `durableExample(): unknown option \`zzz\` (the boolean true). Remove it. Known options: ${known.join(', ')}.`,
    );
    expect((nested as DurableOptionError).option).toBe('config.loger');
    expect((nested as Error).message).toContain('Did you mean `config.logger`?');
  });

  it('takes a fix for a key it knows the replacement of', () => {
    // Act
    const error = thrownBy(() =>
      example.knownKeys({ plugin: {} }, known, '', (key) =>
        key === 'plugin' ? 'Register DurablePowertoolsPlugin with the SDK instead.' : undefined,
      ),
    );

    // Assess
    expect((error as Error).message).toContain(
      'unknown option `plugin` (an empty object). Register DurablePowertoolsPlugin with the SDK instead.',
    );
  });

  it('reports a misspelt required option as unknown when knownKeys runs first', () => {
    // Prepare
    const build = (input: unknown) => {
      const options = example.object(input, 'an options object such as { logger }');
      example.knownKeys(options, known);
      example.instance(options, 'logger', 'a Powertools Logger', ['info'], 'Pass new Logger().');
    };

    // Act
    const error = thrownBy(() => build({ loger: { info: () => undefined } }));

    // Assess
    expect((error as DurableOptionError).option).toBe('loger');
    expect((error as Error).message).toContain('Did you mean `logger`?');
  });

  it.each([
    ['boolean', () => example.boolean({ logEvent: 'yes' }, 'logEvent'), 'logEvent'],
    [
      'string',
      () => example.string({ correlationIdPath: '' }, 'correlationIdPath'),
      'correlationIdPath',
    ],
    [
      'instance',
      () =>
        example.instance({ logger: {} }, 'logger', 'a Powertools Logger', ['info'], 'Pass one.'),
      'logger',
    ],
    ['object', () => example.object([], 'an options object'), 'options'],
  ])('%s rejects a bad value with the package error', (_check, act, option) => {
    const error = thrownBy(act);
    expect(error).toBeInstanceOf(DurableExampleOptionError);
    expect((error as DurableOptionError).option).toBe(option);
  });

  it('accepts what each check allows, optional instances left out included', () => {
    expect(() => {
      example.boolean({ logEvent: true }, 'logEvent');
      example.boolean({}, 'logEvent');
      example.string({ correlationIdPath: 'a.b' }, 'correlationIdPath');
      example.instance({ logger: { info: () => 1 } }, 'logger', 'a Logger', ['info'], 'fix');
      example.instance({}, 'logger', 'a Logger', ['info'], 'fix', true);
      example.object({ a: 1 }, 'an options object');
    }).not.toThrow();
  });
});

describe('DurableOptionError', () => {
  it("carries the utility, the option, what was received and what is expected, under the package's name", () => {
    // Prepare
    const received = { level: 'loud' };

    // Act
    const error = thrownBy(() =>
      exampleChecks().reject(
        'logger',
        received,
        'a Powertools Logger instance',
        'Pass new Logger().',
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(DurableExampleOptionError);
    expect(error).toBeInstanceOf(DurableOptionError);
    expect(error).toBeInstanceOf(DurablePowertoolsError);
    expect(error).toMatchObject({
      name: 'DurableExampleOptionError',
      utility: 'durableExample()',
      option: 'logger',
      expected: 'a Powertools Logger instance',
      message:
        'durableExample(): option `logger` must be a Powertools Logger instance, but it was an ' +
        'object with the key(s) level. Pass new Logger().',
    });
    expect((error as DurableOptionError).received).toBe(received);
  });

  it('is named DurableOptionError and keeps a cause when used directly', () => {
    // Act
    const error = new DurableOptionError(
      { utility: 'u()', option: 'o', received: 1, expected: 'e', message: 'm' },
      { cause: 'c' },
    );

    // Assess
    expect(error.name).toBe('DurableOptionError');
    expect(error.message).toBe('m');
    expect(error.cause).toBe('c');
  });
});

const exampleChecks = () =>
  new OptionChecks('durableExample()', (details) => new DurableExampleOptionError(details));

describe('handlerMethodDecorator', () => {
  const check = new OptionChecks('dec()', (details) => new TypeError(details.message));
  const decorator = handlerMethodDecorator(
    check,
    (method) =>
      async function (this: unknown, event, context) {
        return ['wrapped', await method.call(this, event, context)];
      },
  );

  it('replaces descriptor.value in the experimentalDecorators form, keeping this', async () => {
    // Prepare
    class Lambda {
      readonly name = 'lambda';
      async handler(event: unknown) {
        return [event, this.name];
      }
    }
    const descriptor = Object.getOwnPropertyDescriptor(Lambda.prototype, 'handler')!;

    // Act
    decorator(Lambda.prototype, 'handler', descriptor);
    Object.defineProperty(Lambda.prototype, 'handler', descriptor);

    // Assess
    await expect(new Lambda().handler(1)).resolves.toEqual(['wrapped', [1, 'lambda']]);
  });

  it('returns the replacement in the standard form and rejects fields', async () => {
    // Prepare
    const method = async function (this: unknown, event: unknown) {
      return event;
    };

    // Act
    const replaced = decorator(method, { kind: 'method' } as ClassMethodDecoratorContext);

    // Assess
    await expect(replaced.call(undefined, 2 as never)).resolves.toEqual(['wrapped', 2]);
    expect(() => decorator(undefined as never, { kind: 'field' } as never)).toThrow(
      /option `decorated member` must be a class method/,
    );
  });

  it('rejects a descriptor that is not a method in the experimentalDecorators form', () => {
    expect(() => decorator({}, 'name', { value: 'not a method' })).toThrow(
      /option `decorated member` must be a class method/,
    );
  });
});

describe('errors', () => {
  it('DurableContextMissingError is a DurablePowertoolsError with a cause', () => {
    const error = new DurableContextMissingError('m', { cause: 'c' });
    expect(error).toBeInstanceOf(DurablePowertoolsError);
    expect(error.name).toBe('DurableContextMissingError');
    expect(error.cause).toBe('c');
  });

  it('DurablePluginNotRegisteredError names the utility', () => {
    const error = new DurablePluginNotRegisteredError('durableTracer()');
    expect(error).toBeInstanceOf(DurablePowertoolsError);
    expect(error.name).toBe('DurablePluginNotRegisteredError');
    expect(error.utility).toBe('durableTracer()');
    expect(error.message).toMatch(/^durableTracer\(\) needs DurablePowertoolsPlugin/);
  });
});
