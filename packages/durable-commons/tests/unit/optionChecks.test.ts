import { describe, expect, it } from 'vitest';
import {
  DurableContextMissingError,
  DurablePowertoolsError,
  describeValue,
  handlerMethodDecorator,
  OptionChecks,
} from '../../src/index.js';

class OrderService {}

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
});

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
});

describe('errors', () => {
  it('DurableContextMissingError is a DurablePowertoolsError with a cause', () => {
    const error = new DurableContextMissingError('m', { cause: 'c' });
    expect(error).toBeInstanceOf(DurablePowertoolsError);
    expect(error.cause).toBe('c');
  });
});
