import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';

/** An idempotency record as the table holds it (Powertools' attribute names). */
export interface StoredIdempotencyRecord {
  id: string;
  status: string;
}

/** A DynamoDB-compatible server on loopback, with the idempotency table created. */
export interface LocalDynamoDb {
  /** `http://127.0.0.1:<port>`, for `AWS_ENDPOINT_URL_DYNAMODB`. */
  readonly endpoint: string;
  readonly tableName: string;
  /** Every item of the idempotency table. */
  scan(): Promise<StoredIdempotencyRecord[]>;
  close(): Promise<void>;
}

/**
 * Starts dynalite (DynamoDB's API, in this process, on an ephemeral 127.0.0.1 port) and creates the
 * table Powertools' `DynamoDBPersistenceLayer` expects: partition key `id` (TTL on `expiration` in
 * AWS). Only AWS itself is replaced: the AWS SDK talks HTTP to it as it would to DynamoDB.
 */
export const startLocalDynamoDb = async (tableName: string): Promise<LocalDynamoDb> => {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const clientConfig: DynamoDBClientConfig = {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, // dynalite checks none
  };
  const admin = new DynamoDBClient(clientConfig);
  await admin.send(
    new CreateTableCommand({
      TableName: tableName,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return {
    endpoint,
    tableName,
    scan: async () => {
      const { Items = [] } = await admin.send(new ScanCommand({ TableName: tableName }));
      return Items.map((item) => ({ id: item.id?.S ?? '', status: item.status?.S ?? '' }));
    },
    close: async () => {
      admin.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
