import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DurableContextMissingError } from '@durable-powertools/commons';
import {
  durableIdempotency,
  makeDurableBatchIdempotent,
  makeDurableIdempotent,
} from '@durable-powertools/idempotency';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { holdBackWarnings } from '../../../test/holdBackWarnings.ts';
import { itemIdentifierOf } from '../src/batch/itemIdentifier.js';
import { dynamoDbStreamEvent, kinesisEvent, sqsRecord } from './helpers/workflows.ts';

// These tests fail before any persistence call, so the store points at no server at all.
const newStore = () =>
  new DynamoDBPersistenceLayer({
    tableName: 'idempotency',
    clientConfig: { region: 'us-east-1', endpoint: 'http://127.0.0.1:9' },
  });

afterAll(() => teardownDurableHarness());

describe('configuration and wiring errors', () => {
  it('names the wiring fix when the middleware gets a plain Lambda context', async () => {
    // Prepare
    const middleware = durableIdempotency({ persistenceStore: newStore() });
    const request = {
      event: { Records: [] },
      context: { functionName: 'orders', awsRequestId: 'r-1' },
      response: undefined,
      error: undefined,
      internal: {},
    };

    // Act
    const before = middleware.before?.(request as never);

    // Assess
    await expect(before).rejects.toThrow(DurableContextMissingError);
    await expect(before).rejects.toThrow(/durableIdempotency\(\).*withDurableExecution/);
  });

  it('refuses a claim that would outlive its record', () => {
    // Prepare
    const options = {
      persistenceStore: newStore(),
      config: new IdempotencyConfig({ expiresAfterSeconds: 600 }),
      executionTimeoutSeconds: 900,
    };

    // Act
    const build = () => durableIdempotency(options);

    // Assess
    expect(build).toThrow(RangeError);
    expect(build).toThrow(/Raise expiresAfterSeconds/);
  });

  it('refuses a store that another idempotent function configured first', async () => {
    // Prepare: Powertools configures a store on the first call of makeIdempotent.
    // Powertools warns on stderr: without a Lambda context it cannot tell the remaining time, and
    // the second configuration of the store is ignored. Both are expected here.
    const persistenceStore = newStore();
    const other = makeIdempotent(async (_order: { id: string }) => 'ok', {
      persistenceStore,
      config: new IdempotencyConfig({ eventKeyJmesPath: 'id' }),
    });
    const { held } = await holdBackWarnings(
      [/Could not determine remaining time left/, /already configured with a different/],
      async () => {
        await other({ id: '1' }).catch(() => undefined);

        // Act
        const build = () => makeDurableIdempotent(async () => 'ok', { persistenceStore });

        // Assess
        expect(build).toThrow(/already configured with eventKeyJmesPath 'id'/);
      },
    );
    expect(held).toEqual([
      expect.stringContaining('Could not determine remaining time left'),
      expect.stringContaining('already configured with a different idempotency configuration'),
    ]);
  });

  it('fails a batch whose records cannot be reported in batchItemFailures', async () => {
    // Prepare
    const handler = withDurableExecution(
      makeDurableBatchIdempotent(async () => 'ok', { persistenceStore: newStore() }),
    );

    // Act
    const result = await runDurable(handler, { payload: { Records: [{ orderId: '1' }] } });

    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error?.errorType).toBe('TypeError');
    expect(result.error?.errorMessage).toMatch(/Record 0 .* no SQS messageId/);
    expectInvocationCount(result, { exactly: 1 });
  });
});

describe('itemIdentifierOf', () => {
  it('reports each source by the identifier Lambda expects in batchItemFailures', () => {
    // Prepare
    const records = [
      sqsRecord('m-1'),
      kinesisEvent('shard-1:1', 1).Records[0],
      dynamoDbStreamEvent('e-1', 1).Records[0],
    ];

    // Act
    const identifiers = records.map(itemIdentifierOf);

    // Assess
    expect(identifiers).toEqual(['m-1', 'seq-shard-1:1', 'seq-e-1']);
  });
});
