import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynalite } from '../../../../tests/support/dynalite.ts';
import { type FaultProxy, startFaultProxy, type WriteClassifier } from './faultProxy.ts';
import type { PersistenceServer } from './persistenceServer.ts';

const TABLE_NAME = 'idempotency';
/**
 * Attempts the SDK makes per request behind the fault proxy: 1, so that each injected fault reaches
 * the code under test instead of the SDK's own retries (whose count is not ours to model).
 */
const CLIENT_ATTEMPTS = 1;
const DATA_OPERATIONS = new Set(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem']);

/** Powertools' DynamoDB writes: the claim is a conditional PutItem, the result an UpdateItem. */
const classifyDynamoDbWrite: WriteClassifier = (chunk) => {
  const target = /x-amz-target:\s*DynamoDB_\d+\.(\w+)/i.exec(chunk.toString('latin1'))?.[1];
  if (target === 'PutItem') return 'claim';
  if (target === 'UpdateItem') return 'completion';
  if (target === 'DeleteItem') return 'release';
  return target === undefined ? undefined : 'read';
};

/**
 * Starts dynalite (a DynamoDB-compatible server) in this process on an ephemeral 127.0.0.1 port,
 * creates the idempotency table, and counts every data request at the server's HTTP handler.
 *
 * Mocked: nothing. The credentials are dummies because dynalite does not check them.
 */
export const startDynamoDb = async (): Promise<PersistenceServer> => {
  const { server, port, close } = await startDynalite(TABLE_NAME);
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
  const clientConfig = {
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  const clients: DynamoDBClient[] = [];
  const proxies: FaultProxy[] = [];
  const storeAt = (endpointPort: number, maxAttempts?: number) => {
    const client = new DynamoDBClient({
      ...clientConfig,
      endpoint: `http://127.0.0.1:${endpointPort}`,
      maxAttempts,
    });
    clients.push(client);
    return new DynamoDBPersistenceLayer({ tableName: TABLE_NAME, awsSdkV3Client: client });
  };

  return {
    kind: 'dynamodb',
    // dynalite ignores ReturnValuesOnConditionCheckFailure, so Powertools reads the item it lost to
    // (real DynamoDB returns it with the failed put: 1 request).
    completedRecordsKeepPayloadHash: true,
    requestsToFindExisting: 2,
    clientAttempts: CLIENT_ATTEMPTS,
    newStore: () => storeAt(port),
    newFaultyStore: async () => {
      const proxy = await startFaultProxy(port, classifyDynamoDbWrite);
      proxies.push(proxy);
      return { store: storeAt(proxy.port, CLIENT_ATTEMPTS), proxy };
    },
    requests: async () => requests,
    close: async () => {
      for (const client of clients) client.destroy();
      await Promise.all(proxies.map((proxy) => proxy.close()));
      await close();
    },
  };
};
