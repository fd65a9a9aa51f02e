import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';

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
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${port}`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    IDEMPOTENCY_TABLE_NAME: tableName,
  });
  const admin = new DynamoDBClient({});
  await admin.send(
    new CreateTableCommand({
      TableName: tableName,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  admin.destroy();
  return {
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
