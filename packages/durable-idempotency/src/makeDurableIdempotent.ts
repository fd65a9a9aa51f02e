import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { DurableIdempotencyHandler } from './DurableIdempotencyHandler.js';
import { DurableIdempotencyConfigurationError } from './errors.js';
import type { DurableIdempotencyOptions } from './types/options.js';

/**
 * The same as {@link durableIdempotency}, without middy: wraps a durable handler so that each event
 * runs one durable execution. Wrap the result in `withDurableExecution`.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { CachePersistenceLayer } from '@aws-lambda-powertools/idempotency/cache';
 * import { makeDurableIdempotent } from '@durable-powertools/idempotency';
 * import { createClient } from '@redis/client';
 *
 * const client = await createClient({ url: process.env.CACHE_URL }).connect();
 *
 * export const handler = withDurableExecution(
 *   makeDurableIdempotent(
 *     async (event: SQSEvent, context: DurableContext) => {
 *       await context.step('charge', async () => charge(event));
 *       return 'charged';
 *     },
 *     { persistenceStore: new CachePersistenceLayer({ client }) },
 *   ),
 * );
 * ```
 */
export const makeDurableIdempotent = <TEvent, TResult>(
  handler: (event: TEvent, context: DurableContext) => Promise<TResult>,
  options: DurableIdempotencyOptions,
): ((event: TEvent, context: DurableContext) => Promise<TResult>) => {
  if (typeof handler !== 'function') {
    throw new DurableIdempotencyConfigurationError(
      'handler',
      `handler of makeDurableIdempotent() must be the durable handler function; got ${typeof handler}.`,
    );
  }
  const idempotency = new DurableIdempotencyHandler(options, 'makeDurableIdempotent()');
  return async (event, context) => {
    const decision = await idempotency.begin(event, context);
    if (decision.action === 'return') return decision.response as TResult;
    let result: TResult;
    try {
      // A suspended invocation never settles here: only the completing invocation goes on.
      result = await handler(event, context);
    } catch (error) {
      await idempotency.fail(decision, error, context);
      throw error;
    }
    // The workflow ran to its end: from here on the claim is never released.
    await idempotency.succeed(decision, result, context);
    return result;
  };
};
