import { startDynalite } from '../../../tests/support/dynalite.ts';

/**
 * Starts dynalite (a DynamoDB-compatible server) on 127.0.0.1 with an idempotency table named
 * `tableName`, and points the AWS SDK of this process at it through the standard environment
 * (`AWS_ENDPOINT_URL_DYNAMODB`, region, dummy credentials), so that a handler module that builds its
 * own `DynamoDBPersistenceLayer`, as deployed code does, talks to it. Import that module after this.
 * (`packages/durable-idempotency/tests/helpers` hands out stores instead, for code that takes one.)
 */
export const startDynamoDbForHandlerModules = async (
  tableName: string,
): Promise<{ close: () => Promise<void> }> => {
  const dynamoDb = await startDynalite(tableName);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    IDEMPOTENCY_TABLE_NAME: tableName,
  });
  return { close: () => dynamoDb.close() };
};
