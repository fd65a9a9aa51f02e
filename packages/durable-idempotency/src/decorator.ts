import type { DurableContext } from '@aws/durable-execution-sdk-js';
import {
  type DecoratedHandler,
  type DurableMethodDecorator,
  handlerMethodDecorator,
} from '@durable-powertools/commons';
import { type DurableIdempotencyOptions, optionChecks } from './options.js';
import { idempotentHandler } from './wrapper.js';

const UTILITY = 'durableIdempotent()';

/**
 * Class-method decorator, the durable counterpart of Powertools' `idempotent()` decorator for the
 * handler of a `LambdaInterface` class: what {@link withDurableIdempotency} does for a function (one
 * durable execution per event, no store call on replay, the claim released when the workflow fails
 * and kept while it is suspended). Powertools' own decorator crashes on a durable context (it reads
 * `getRemainingTimeInMillis`, which the durable context does not have).
 *
 * Works with TypeScript's `experimentalDecorators` (as Powertools' decorators need) and with standard
 * decorators. Bind the handler when exporting it, as with Powertools.
 *
 * @throws DurableIdempotencyOptionError - at once, for an unknown, missing or wrong option
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
  // The method and its `this` travel with the invocation's durable context (one object per invocation).
  const pending = new WeakMap<object, { self: unknown; method: DecoratedHandler }>();
  const idempotent = idempotentHandler(
    async (event: unknown, context: DurableContext) => {
      const call = pending.get(context);
      pending.delete(context);
      if (call === undefined) throw new Error(`${UTILITY}: the decorated handler was not called`);
      return call.method.call(call.self, event, context);
    },
    options,
    UTILITY,
  );
  return handlerMethodDecorator(
    optionChecks(UTILITY),
    (method) =>
      async function durableIdempotentHandler(this: unknown, event, context) {
        if (typeof context === 'object' && context !== null) {
          pending.set(context, { self: this, method });
        }
        return idempotent(event, context as DurableContext);
      },
  );
};
