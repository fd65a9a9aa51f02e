// Twin of the Python page's "Idempotency" example (using_idempotency.py).
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { makeDurableIdempotent } from '@durable-powertools/idempotency';

/** The event of a direct invocation: its `order_id` is the idempotency key. */
export interface OrderEvent {
  order_id: string;
}

const processOrder = (event: OrderEvent): string => `processed-${event.order_id}`;

/**
 * Python: `@idempotent(persistence_store=...)` over `@durable_execution`. Here `makeDurableIdempotent`
 * inside `withDurableExecution`: the first invocation claims the event, replays make no request, a
 * completed event returns its stored result without running the workflow again.
 *
 * Python hashes the whole event by default. `makeDurableIdempotent` keys an SQS, Kinesis or DynamoDB
 * Streams batch by its record ids and finds no key in any other event (it then runs without
 * idempotency and warns), so a directly invoked function names the field that identifies its work
 * with Powertools' `eventKeyJmesPath`.
 */
export const createHandler = (persistenceStore: BasePersistenceLayer) =>
  withDurableExecution(
    makeDurableIdempotent(
      async (event: OrderEvent, context: DurableContext): Promise<string> => {
        // Steps within the workflow are already idempotent via checkpoints.
        const result = await context.step('process_order', async () => processOrder(event));
        await context.wait({ seconds: 1 }); // not in the Python example: ends the first invocation
        return result;
      },
      { persistenceStore, config: new IdempotencyConfig({ eventKeyJmesPath: 'order_id' }) },
    ),
  );

/** As deployed: the table named by `IDEMPOTENCY_TABLE_NAME` (partition key `id`, TTL `expiration`). */
export const handler = createHandler(
  new DynamoDBPersistenceLayer({
    tableName: process.env.IDEMPOTENCY_TABLE_NAME ?? 'IdempotencyTable',
  }),
);
