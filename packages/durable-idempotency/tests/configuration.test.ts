import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DurableContextMissingError, DurableOptionError } from '@durable-powertools/commons';
import {
  DurableIdempotencyConfigurationError,
  DurableIdempotencyOptionError,
  durableIdempotency,
  durableIdempotent,
  durableRecordIdempotency,
  makeDurableBatchIdempotent,
  makeDurableIdempotent,
  withDurableIdempotency,
} from '@durable-powertools/idempotency';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { holdBackWarnings } from '../../../tests/support/holdBackWarnings.ts';
import { itemIdentifierOf } from '../src/batch/recordClaims.js';
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
    expect(build).toThrow(DurableIdempotencyOptionError);
    expect(build).toThrow(/`executionTimeoutSeconds` .*raise expiresAfterSeconds/);
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
        const build = () => withDurableIdempotency(async () => 'ok', { persistenceStore });

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

describe('options checked at construction', () => {
  const UTILITIES: Record<string, (options: never) => unknown> = {
    'durableIdempotency()': (options) => durableIdempotency(options),
    'durableIdempotent()': (options) => durableIdempotent(options),
    'withDurableIdempotency()': (options) => withDurableIdempotency(async () => 'ok', options),
    'makeDurableBatchIdempotent()': (options) =>
      makeDurableBatchIdempotent(async () => 'ok', options),
  };
  const BAD_OPTIONS: Array<[string, unknown, string, RegExp]> = [
    ['no options', undefined, 'options', /option `options` must be an options object.*undefined/],
    [
      'no persistenceStore',
      {},
      'persistenceStore',
      /`persistenceStore` must be a Powertools persistence layer, but it was undefined\. Use new DynamoDBPersistenceLayer/,
    ],
    [
      'a table name as persistenceStore',
      { persistenceStore: 'idempotency' },
      'persistenceStore',
      /`persistenceStore` .*the string "idempotency".*CachePersistenceLayer/,
    ],
    [
      'a plain object as persistenceStore',
      { persistenceStore: { tableName: 'idempotency' } },
      'persistenceStore',
      /`persistenceStore` must be a Powertools persistence layer, but it was an object with the key\(s\) tableName/,
    ],
    [
      'a plain object as config',
      { persistenceStore: newStore(), config: { eventKeyJmesPath: 'id' } },
      'config',
      /`config` must be new IdempotencyConfig/,
    ],
    [
      'zero storeWriteAttempts',
      { persistenceStore: newStore(), storeWriteAttempts: 0 },
      'storeWriteAttempts',
      /`storeWriteAttempts` must be a positive integer or left out, but it was the number 0/,
    ],
    // Misspelt or misplaced names are reported as unknown, before any missing option (issue 15).
    [
      "Powertools' other name for the store",
      { persistenceLayer: newStore() },
      'persistenceLayer',
      /unknown option `persistenceLayer` .*Did you mean `persistenceStore`\?/,
    ],
    [
      'the key path at the top level instead of in config',
      { persistenceStore: newStore(), eventKeyJmesPath: 'Records[0].body' },
      'eventKeyJmesPath',
      /unknown option `eventKeyJmesPath` .*belongs in config: new IdempotencyConfig\(\{ eventKeyJmesPath \}\)/,
    ],
    [
      'a misspelt option',
      { persistenceStore: newStore(), storeWriteAttempt: 5 },
      'storeWriteAttempt',
      /unknown option `storeWriteAttempt` .*Did you mean `storeWriteAttempts`\?/,
    ],
  ];
  const cases = Object.keys(UTILITIES).flatMap((utility) =>
    BAD_OPTIONS.map((bad) => [utility, ...bad] as const),
  );

  it.each(cases)('%s with %s names the option', (utility, _case, options, option, message) => {
    // Prepare
    const build = () => UTILITIES[utility]?.(options as never);

    // Act
    let thrown: unknown;
    try {
      build();
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(DurableIdempotencyOptionError);
    expect(thrown).toBeInstanceOf(DurableOptionError);
    expect(thrown).toMatchObject({ name: 'DurableIdempotencyOptionError', option, utility });
    expect((thrown as Error).message).toMatch(message);
  });

  it('keeps the old names as aliases of the new ones', () => {
    // Assess
    expect(makeDurableIdempotent).toBe(withDurableIdempotency);
    expect(DurableIdempotencyConfigurationError).toBe(DurableIdempotencyOptionError);
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

describe('durableRecordIdempotency()', () => {
  it.each([
    [
      "Powertools' other name for the store",
      { persistenceLayer: newStore() },
      'persistenceLayer',
      /unknown option `persistenceLayer` .*Did you mean `persistenceStore`\?/,
    ],
    ['no persistenceStore', {}, 'persistenceStore', /`persistenceStore` must be a Powertools/],
    [
      'an option of makeDurableBatchIdempotent() only',
      { persistenceStore: newStore(), storeWriteAttempts: 5 },
      'storeWriteAttempts',
      /unknown option `storeWriteAttempts` .*does not apply to durableRecordIdempotency\(\)/,
    ],
    [
      'the key path at the top level',
      { persistenceStore: newStore(), eventKeyJmesPath: 'body' },
      'eventKeyJmesPath',
      /belongs in config: new IdempotencyConfig\(\{ eventKeyJmesPath \}\)/,
    ],
    [
      'a claim that would outlive its record',
      { persistenceStore: newStore(), config: new IdempotencyConfig({ expiresAfterSeconds: 600 }) },
      'executionTimeoutSeconds',
      /`executionTimeoutSeconds` .*raise expiresAfterSeconds/,
    ],
  ])('fails at construction with %s, naming the option', (_case, options, option, message) => {
    // Act
    let thrown: unknown;
    try {
      durableRecordIdempotency(options as never);
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(DurableIdempotencyOptionError);
    expect(thrown).toMatchObject({ option, utility: 'durableRecordIdempotency()' });
    expect((thrown as Error).message).toMatch(message);
  });

  it('keys SQS records by messageId and stream records by eventID, whatever else changed', () => {
    // Prepare
    const { keyOf } = durableRecordIdempotency({ persistenceStore: newStore() });

    // Act
    const keys = [
      keyOf(sqsRecord('m-1', 'order-1', 1)),
      keyOf(sqsRecord('m-1', 'order-1', 2)),
      keyOf(sqsRecord('m-2', 'order-1', 1)),
      keyOf(kinesisEvent('shard-1:1', 1).Records[0]),
      keyOf(kinesisEvent('shard-1:1', 2).Records[0]),
      keyOf(dynamoDbStreamEvent('e-1', 1).Records[0]),
      keyOf(dynamoDbStreamEvent('e-1', 2).Records[0]),
    ];

    // Assess
    expect(keys.every((key) => typeof key === 'string')).toBe(true);
    expect(new Set(keys).size).toBe(4);
    expect([keys[0] === keys[1], keys[3] === keys[4], keys[5] === keys[6]]).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('claims nothing with POWERTOOLS_IDEMPOTENCY_DISABLED', () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_IDEMPOTENCY_DISABLED', 'true');
    const idempotency = durableRecordIdempotency({ persistenceStore: newStore() });
    vi.unstubAllEnvs();

    // Act
    const key = idempotency.keyOf(sqsRecord('m-1'));

    // Assess
    expect(key).toBeUndefined();
  });
});
