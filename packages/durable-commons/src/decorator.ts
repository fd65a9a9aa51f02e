import type { OptionChecks } from './options.js';

/**
 * A Lambda handler method as a class-method decorator sees it. Any handler signature fits:
 * `(event: SQSEvent, context: DurableContext) => Promise<string>` included.
 */
export type HandlerMethod = (this: unknown, ...args: never[]) => unknown;

/** The handler as a durable-powertools decorator calls it: event, durable context, and the rest. */
export type DecoratedHandler = (
  this: unknown,
  event: unknown,
  context: unknown,
  ...rest: unknown[]
) => Promise<unknown>;

/**
 * A class-method decorator for the `handler` of a `LambdaInterface` class, usable both with
 * TypeScript's `experimentalDecorators` (the form Powertools' own decorators need) and with
 * standard (TC39) decorators.
 *
 * @example
 * ```ts
 * class Lambda {
 *   @durableInjectLambdaContext({ logger })
 *   public async handler(event: unknown, context: DurableContext) {}
 * }
 * ```
 */
export interface DurableMethodDecorator {
  /** `experimentalDecorators`: replaces `descriptor.value`. */
  (target: object, propertyKey: string | symbol, descriptor: PropertyDescriptor): void;
  /** Standard decorators: returns the replacement method. */
  <TMethod extends HandlerMethod>(method: TMethod, context: ClassMethodDecoratorContext): TMethod;
}

const isStandardContext = (value: unknown): value is ClassMethodDecoratorContext =>
  typeof value === 'object' && value !== null && 'kind' in value;

/**
 * Builds a {@link DurableMethodDecorator} that replaces the decorated method with `wrap(method)`.
 * Applied to anything but a method, it throws the package's option error (through `check`).
 *
 * @example
 * ```ts
 * const decorator = handlerMethodDecorator(check, (method) => async function (event, context) {
 *   return method.call(this, event, context);
 * });
 * ```
 */
export const handlerMethodDecorator = (
  check: OptionChecks,
  wrap: (method: DecoratedHandler) => DecoratedHandler,
): DurableMethodDecorator => {
  const expected = 'a class method (the Lambda handler of a LambdaInterface class)';
  const fix = 'Put the decorator on the handler method of the class.';
  function decorate(
    target: unknown,
    keyOrContext: unknown,
    descriptor?: PropertyDescriptor,
  ): DecoratedHandler | undefined {
    if (isStandardContext(keyOrContext)) {
      if (keyOrContext.kind !== 'method' || typeof target !== 'function') {
        check.reject('decorated member', target, expected, fix);
      }
      return wrap(target as DecoratedHandler);
    }
    if (typeof descriptor?.value !== 'function') {
      check.reject('decorated member', descriptor?.value, expected, fix);
    }
    descriptor.value = wrap(descriptor.value as DecoratedHandler);
    return undefined;
  }
  return decorate as DurableMethodDecorator;
};
