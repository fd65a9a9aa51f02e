import type { DurableContext } from '@aws/durable-execution-sdk-js';
import {
  type DecoratedHandler,
  type DurableMethodDecorator,
  handlerMethodDecorator,
  OptionChecks,
} from '@durable-powertools/commons';
import { DurableIdempotencyConfigurationError } from '../errors.js';
import { makeDurableIdempotent } from '../makeDurableIdempotent.js';
import type { DurableIdempotencyOptions } from '../types/options.js';

const UTILITY = 'durableIdempotent()';

/** The decorated method and its `this`, for the invocation whose durable context is the key. */
interface PendingCall {
  readonly self: unknown;
  readonly method: DecoratedHandler;
}

/**
 * Class-method decorator, the durable counterpart of Powertools' `idempotent()` decorator for the
 * handler of a `LambdaInterface` class: what {@link makeDurableIdempotent} does for a function (one
 * durable execution per event, no store call on replay, the claim released when the workflow fails
 * and kept while it is suspended). Powertools' own decorator crashes on a durable context (it reads
 * `getRemainingTimeInMillis`, which the durable context does not have).
 *
 * Works with TypeScript's `experimentalDecorators` (as Powertools' decorators need) and with standard
 * decorators. Bind the handler when exporting it, as with Powertools.
 *
 * @throws {RangeError} at once, when `executionTimeoutSeconds` is not a positive number of seconds or
 *   exceeds `config.expiresAfterSeconds`
 *
 * @example
 * ```ts
 * import { withDurableExecution, type DurableContext } from '@aws/durable-execution-sdk-js';
 * import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
 * import { durableIdempotent } from '@durable-powertools/idempotency';
 *
 * const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'idempotency' });
 *
 * class Lambda {
 *   @durableIdempotent({ persistenceStore })
 *   public async handler(event: SQSEvent, context: DurableContext): Promise<string> {
 *     await context.step('charge', async () => charge(event));
 *     return 'charged';
 *   }
 * }
 *
 * const lambda = new Lambda();
 * export const handler = withDurableExecution(lambda.handler.bind(lambda));
 * ```
 */
export const durableIdempotent = (options: DurableIdempotencyOptions): DurableMethodDecorator => {
  // The method's `this` travels with the invocation's durable context (one object per invocation).
  const pending = new WeakMap<object, PendingCall>();
  const idempotent = makeDurableIdempotent(async (event: unknown, context: DurableContext) => {
    const call = pending.get(context);
    pending.delete(context);
    if (call === undefined) throw new Error(`${UTILITY}: the decorated handler was not called`);
    return call.method.call(call.self, event, context);
  }, options);
  const check = new OptionChecks(
    UTILITY,
    (details) => new DurableIdempotencyConfigurationError(details.option, details.message),
  );
  return handlerMethodDecorator(
    check,
    (method) =>
      async function durableIdempotentHandler(this: unknown, event, context) {
        if (typeof context === 'object' && context !== null) {
          pending.set(context, { self: this, method });
        }
        return idempotent(event, context as DurableContext);
      },
  );
};
