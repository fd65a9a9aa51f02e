import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { PersistenceServer } from './persistenceServer.ts';

const TABLE_NAME = 'idempotency';
const DATA_OPERATIONS = new Set(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem']);

/**
 * Starts dynalite (a DynamoDB-compatible server) in this process on an ephemeral 127.0.0.1 port,
 * creates the idempotency table, and counts every data request at the server's HTTP handler.
 *
 * Mocked: nothing. The credentials are dummies because dynalite does not check them.
 */
export const startDynamoDb = async (): Promise<PersistenceServer> => {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const [handle] = server.listeners('request') as Array<
    (request: IncomingMessage, response: ServerResponse) => void
  >;
  if (handle === undefined) throw new Error('dynalite registered no request handler');
  let requests = 0;
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    if (DATA_OPERATIONS.has(target.split('.').pop() ?? '')) requests++;
    handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const clientConfig = {
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  const admin = new DynamoDBClient(clientConfig);
  await admin.send(
    new CreateTableCommand({
      TableName: TABLE_NAME,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  admin.destroy();
  const clients: DynamoDBClient[] = [];

  return {
    kind: 'dynamodb',
    // dynalite ignores ReturnValuesOnConditionCheckFailure, so Powertools reads the item it lost to
    // (real DynamoDB returns it with the failed put: 1 request).
    completedRecordsKeepPayloadHash: true,
    requestsToFindExisting: 2,
    newStore: () => {
      const client = new DynamoDBClient(clientConfig);
      clients.push(client);
      return new DynamoDBPersistenceLayer({ tableName: TABLE_NAME, awsSdkV3Client: client });
    },
    requests: async () => requests,
    close: async () => {
      for (const client of clients) client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
