// Twin of the Python page's best practice "Use Idempotency for ESM triggers"
// (best_practice_idempotency.py): an SQS-triggered durable function, with the middy middleware.
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { durableIdempotency } from '@durable-powertools/idempotency';
import middy from '@middy/core';
import type { SQSEvent } from 'aws-lambda';

/**
 * Every delivery of an SQS message, redeliveries included, starts a new durable execution: the
 * platform does not deduplicate them. `durableIdempotency` keys the event by its `messageId`s (a
 * redelivery has a new receipt handle and receive count, so the whole event would never match):
 * a redelivery while the first execution runs fails with `IdempotencyAlreadyInProgressError` (the
 * mapping delivers it again later), one after it completed returns the stored result.
 */
export const createHandler = (persistenceStore: BasePersistenceLayer) =>
  withDurableExecution(
    middy(async (event: SQSEvent, context: DurableContext): Promise<string> => {
      const result = await context.step(
        'process',
        async () => `processed ${event.Records[0]?.body}`,
      );
      // Not in the Python example: the execution suspends here for 2 s (a redelivery arrives meanwhile).
      await context.wait('settle', { seconds: 2 });
      return result;
    }).use(durableIdempotency({ persistenceStore })),
  );

/** As deployed: the table named by `IDEMPOTENCY_TABLE_NAME` (partition key `id`, TTL `expiration`). */
export const handler = createHandler(
  new DynamoDBPersistenceLayer({
    tableName: process.env.IDEMPOTENCY_TABLE_NAME ?? 'IdempotencyTable',
  }),
);
